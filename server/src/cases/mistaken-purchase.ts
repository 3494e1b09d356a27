/**
 * Loads the day's free mistaken-purchase refunds for the policy rule in
 * workflows/policy/mistaken-purchase.ts, which decides whether a ticket's window is used up. Used
 * by the refund case (enrichment) and by the quote shown before a case opens, so both agree.
 */
import { mistakenPurchaseUsedToday, type MistakenPurchaseUse } from '../../../workflows/policy/mistaken-purchase';
import { startOfShanghaiDay } from '../../../workflows/time/shanghai';
import type { BookingFacts } from '../../../workflows/machines/contract';
import { CaseModel, type CaseRecord } from '../db/models/case';
import { BookingModel } from '../db/models/booking';
import { purchaserOf } from '../bookings/booking.facts';

type QuoteLines = { lines?: { passengerId: string; quote: { ruleId: string } }[] } | null;

/** Free mistaken-purchase refunds paid out since 00:00 Shanghai of `now` (settlement time: a later note must not count). */
async function usesToday(now: Date): Promise<MistakenPurchaseUse[]> {
  const cases = await CaseModel.find(
    {
      kind: 'refund',
      'snapshot.context.settlement.at': { $gte: new Date(startOfShanghaiDay(now)).toISOString() },
      'snapshot.context.quote.lines.quote.ruleId': { $regex: /mistaken-purchase/ },
    },
    { bookingId: 1, 'snapshot.context.quote.lines': 1, 'snapshot.context.settlement.at': 1 },
  ).lean<Pick<CaseRecord, 'bookingId' | 'snapshot'>[]>();
  const free = cases.flatMap((c) => {
    const lines = ((c.snapshot.context.quote as QuoteLines)?.lines ?? []).filter((l) =>
      l.quote.ruleId.includes('mistaken-purchase'),
    );
    const at = (c.snapshot.context.settlement as { at?: string } | null)?.at;
    return c.bookingId && at
      ? lines.map((l) => ({ bookingId: c.bookingId as string, passengerId: l.passengerId, at }))
      : [];
  });
  if (free.length === 0) return [];
  const bookings = await BookingModel.find(
    { _id: { $in: [...new Set(free.map((f) => f.bookingId))] } },
    { customerId: 1, sale: 1, passengers: 1 },
  ).lean();
  const byId = new Map(bookings.map((b) => [b._id.toHexString(), b]));
  return free.flatMap((f) => {
    const booking = byId.get(f.bookingId);
    const passenger = booking?.passengers.find((p) => p.passengerId === f.passengerId);
    return booking && passenger
      ? [{ at: f.at, bookingId: f.bookingId, purchaser: purchaserOf(booking), idNumber: passenger.idNumber }]
      : [];
  });
}

/** The passengers (of `passengerIds`) of this booking whose free mistaken-purchase refund is used up today. */
export async function mistakenPurchaseUsedUp(
  booking: Pick<BookingFacts, 'bookingId' | 'ruleSet' | 'purchasedAt'>,
  passengerIds: readonly string[],
  now: Date,
): Promise<string[]> {
  if (booking.ruleSet !== 'cn-rail' || passengerIds.length === 0) return [];
  const uses = await usesToday(now);
  if (uses.length === 0) return [];
  const stored = await BookingModel.findById(booking.bookingId, { customerId: 1, sale: 1, passengers: 1 }).lean();
  if (!stored) return [];
  const purchaser = purchaserOf(stored);
  return stored.passengers
    .filter((p) => passengerIds.includes(p.passengerId))
    .filter((p) =>
      mistakenPurchaseUsedToday(
        {
          ruleSet: booking.ruleSet,
          purchasedAt: booking.purchasedAt,
          bookingId: booking.bookingId,
          purchaser,
          idNumber: p.idNumber,
        },
        now.toISOString(),
        uses,
      ),
    )
    .map((p) => p.passengerId);
}
