import { describe, expect, it } from 'vitest';
import { bookingQuote, caseDetail } from './fixtures';

describe('caseDetail fixture', () => {
  it("starts from the kind's empty projection and keeps the fields a test gives", () => {
    const booking = caseDetail({
      kind: 'booking',
      data: { quote: bookingQuote({ passengerCount: 2 }), totalFen: 82950 },
    });
    expect(booking.kind).toBe('booking');
    expect(booking.data.totalFen).toBe(82950);
    expect(booking.data.quote?.estimatedTotalFen).toBe(110600);
    expect(booking.data.passengers).toEqual([]);
    expect(caseDetail().kind).toBe('refund');
    expect(caseDetail().data.quote).toBeNull();
  });

  it('refuses, at compile time, case data of the wrong shape', () => {
    // @ts-expect-error a booking quote has its departure, prices and who quoted it
    const partialQuote = caseDetail({ kind: 'booking', data: { quote: { passengerCount: 3 } } });
    // @ts-expect-error a refund case has no passengers of its own (its booking's tickets are in data.booking)
    const wrongKind = caseDetail({ kind: 'refund', data: { passengers: [] } });
    const linesWithoutNewFare = [{ passengerId: 'p1', fareFen: 100 }];
    // @ts-expect-error a change quote's lines carry the new fare
    const lineWithoutNewFare = caseDetail({ kind: 'change', data: { quote: { lines: linesWithoutNewFare } } });
    expect([partialQuote.kind, wrongKind.kind, lineWithoutNewFare.kind]).toEqual(['booking', 'refund', 'change']);
  });
});
