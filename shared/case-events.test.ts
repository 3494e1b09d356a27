import { describe, expect, it } from 'vitest';
import {
  bookingClientEvents,
  changeClientEvents,
  clientEventSchemas,
  complaintClientEvents,
  refundClientEvents,
} from './case-events';

const id = '6650a1b2c3d4e5f6000000d1';

describe('client event schemas', () => {
  it('refuses unknown keys, so engine-owned facts cannot come from the client', () => {
    expect(
      changeClientEvents.VERIFY.safeParse({ type: 'VERIFY', idNumber: '11010519491231002X', identityVerified: true })
        .success,
    ).toBe(false);
    expect(
      changeClientEvents.CHOOSE_DEPARTURE.safeParse({
        type: 'CHOOSE_DEPARTURE',
        departureId: id,
        classCode: 'O',
        passengerIds: ['P1'],
        departure: { priceFen: 1 },
      }).success,
    ).toBe(false);
    const passenger = { name: '李雷', idType: 'resident_id', idNumber: '11010519491231002x', passengerType: 'student' };
    expect(
      bookingClientEvents.ENTER_PASSENGERS.safeParse({
        type: 'ENTER_PASSENGERS',
        passengers: [{ ...passenger, studentQuotaLeft: 4 }],
      }).success,
    ).toBe(false);
    expect(complaintClientEvents.ADD_NOTE.safeParse({ type: 'ADD_NOTE', text: 'hi', noteId: 'x' }).success).toBe(false);
  });

  it('trims and bounds text and normalises ID numbers', () => {
    expect(
      refundClientEvents.QUOTE_REFUND.parse({
        type: 'QUOTE_REFUND',
        passengerIds: [' P1 '],
        reason: '  plans changed ',
      }),
    ).toEqual({
      type: 'QUOTE_REFUND',
      passengerIds: ['P1'],
      reason: 'plans changed',
    });
    expect(
      refundClientEvents.QUOTE_REFUND.safeParse({ type: 'QUOTE_REFUND', passengerIds: ['P1'], reason: '   ' }).success,
    ).toBe(false);
    expect(
      complaintClientEvents.ACKNOWLEDGE.safeParse({ type: 'ACKNOWLEDGE', message: 'x'.repeat(1001) }).success,
    ).toBe(false);
    expect(changeClientEvents.VERIFY.parse({ type: 'VERIFY', idNumber: ' 11010519491231002x ' }).idNumber).toBe(
      '11010519491231002X',
    );
  });

  it('refuses duplicate or too many passengers, and negative or fractional money', () => {
    const base = { type: 'QUOTE_REFUND', reason: 'x' };
    expect(refundClientEvents.QUOTE_REFUND.safeParse({ ...base, passengerIds: ['P1', 'P1'] }).success).toBe(false);
    expect(refundClientEvents.QUOTE_REFUND.safeParse({ ...base, passengerIds: [] }).success).toBe(false);
    expect(
      bookingClientEvents.QUOTE.safeParse({ type: 'QUOTE', departureId: id, classCode: 'O', passengerCount: 10 })
        .success,
    ).toBe(false);
    const proposal = { type: 'PROPOSE_RESOLUTION', kind: 'voucher', text: 'sorry' };
    expect(complaintClientEvents.PROPOSE_RESOLUTION.safeParse({ ...proposal, amountFen: -1 }).success).toBe(false);
    expect(complaintClientEvents.PROPOSE_RESOLUTION.safeParse({ ...proposal, amountFen: 1.5 }).success).toBe(false);
    expect(complaintClientEvents.PROPOSE_RESOLUTION.safeParse({ ...proposal, amountFen: 5_000 }).success).toBe(true);
  });

  it('takes ids in the ObjectId format and refuses another type literal', () => {
    expect(bookingClientEvents.ASSIGN.safeParse({ type: 'ASSIGN', assigneeId: 'not-an-id' }).success).toBe(false);
    expect(bookingClientEvents.TRANSFER.parse({ type: 'TRANSFER', queue: 'approvals', assigneeId: null })).toEqual({
      type: 'TRANSFER',
      queue: 'approvals',
      assigneeId: null,
    });
    expect(clientEventSchemas.refund.CLOSE!.safeParse({ type: 'REOPEN' }).success).toBe(false);
  });
});
