/**
 * Quotes an agent can get before opening a case: for a booking's tickets (facts from the
 * database, time from the server clock) or for typed-in numbers (a what-if calculator).
 * Every figure comes from the policy engine.
 */
import { z } from 'zod';
import { DomainError } from '../../../shared/errors';
import { objectIdSchema } from '../../../shared/cases';
import { ruleSetIds } from '../../../shared/departures';
import { paymentMethods, purchaseTypes, salesChannels } from '../../../shared/bookings';
import {
  listRuleSetVersions,
  quoteChange,
  quoteRefund,
  type ChangeQuote,
  type RefundQuote,
} from '../../../workflows/policy';
import type { BookingFacts, TicketFacts } from '../../../workflows/machines/contract';
import { fareFor } from '../../../workflows/machines/passengers';
import { eligibleTickets, type TicketPurpose } from '../../../workflows/machines/tickets';
import type { AppDeps } from '../deps';
import { loadBookingFacts } from '../bookings/booking.facts';
import { loadDepartureFacts } from '../departures/departure.facts';
import { mistakenPurchaseUsedUp } from '../cases/mistaken-purchase';
import { enteredRushPeriods } from '../fare-rules/fare-rules.service';

const passengerIdsSchema = z.array(z.string().trim().min(1).max(40)).min(1).max(9).optional();
// Shape only: the policy engine checks values (offsets, whole non-negative fen) with messages an agent can read.
const instantSchema = z.string().max(40);
const fen = z.number();

export const bookingRefundQuoteInputSchema = z
  .object({ bookingId: objectIdSchema, passengerIds: passengerIdsSchema, involuntary: z.boolean().optional() })
  .strict();
export const bookingChangeQuoteInputSchema = z
  .object({
    bookingId: objectIdSchema,
    passengerIds: passengerIdsSchema,
    departureId: objectIdSchema,
    classCode: z.string().trim().min(1).max(8),
    involuntary: z.boolean().optional(),
  })
  .strict();
export const computeQuoteInputSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('refund'),
      ruleSet: z.enum(ruleSetIds),
      fareFen: fen,
      purchasedAt: instantSchema,
      departureAt: instantSchema,
      requestedAt: instantSchema,
      involuntary: z.boolean().optional(),
      fareClass: z.string().trim().max(4).optional(),
      taxes: z.object({ developmentFundFen: fen, fuelSurchargeFen: fen }).strict().optional(),
      changed: z.boolean().optional(),
      mistakenPurchaseUsedToday: z.boolean().optional(),
      paidAt: instantSchema.optional(),
      sale: z
        .object({
          channel: z.enum(salesChannels),
          payment: z.enum(paymentMethods),
          purchaseType: z.enum(purchaseTypes),
        })
        .strict()
        .optional(),
      organizer: z.string().trim().max(60).optional(),
      boardingStation: z.string().trim().max(60).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('change'),
      ruleSet: z.enum(ruleSetIds),
      fareFen: fen,
      newFareFen: fen,
      purchasedAt: instantSchema,
      departureAt: instantSchema,
      newDepartureAt: instantSchema,
      requestedAt: instantSchema,
      involuntary: z.boolean().optional(),
      fareClass: z.string().trim().max(4).optional(),
      arrivalStationChange: z.boolean().optional(),
    })
    .strict(),
]);

export type TicketRefundQuote = {
  passengerId: string;
  passengerName: string;
  classCode: string;
  fareFen: number;
  quote: RefundQuote;
};
export type TicketChangeQuote = {
  passengerId: string;
  passengerName: string;
  classCode: string;
  fareFen: number;
  newFareFen: number;
  quote: ChangeQuote;
};

/**
 * The tickets to quote: the named ones, or every one that can be worked on. The rule is the
 * machines' own (`eligibleTickets`), so the quote seen before a case opens is the case's.
 */
function selectTickets(
  booking: BookingFacts,
  passengerIds: string[] | undefined,
  purpose: TicketPurpose,
): TicketFacts[] {
  const eligible = eligibleTickets(booking, passengerIds, purpose);
  if (eligible.ok) return eligible.tickets;
  const codes = { unknown: 'NOT_FOUND', claimed: 'CONFLICT', refused: 'POLICY_REFUSED' } as const;
  throw new DomainError(codes[eligible.problem.code], `${eligible.problem.message.en}.`, {
    reason: eligible.problem.message,
  });
}

export async function quoteBookingRefund(deps: AppDeps, input: z.infer<typeof bookingRefundQuoteInputSchema>) {
  const booking = await loadBookingFacts(input.bookingId);
  const now = deps.now();
  const requestedAt = now.toISOString();
  const selected = selectTickets(booking, input.passengerIds, 'refund');
  // The same fact a refund case is given, so the quote before a case opens agrees with the case's.
  const usedUp = await mistakenPurchaseUsedUp(
    booking,
    selected.map((t) => t.passengerId),
    now,
  );
  const springFestivalRush = await enteredRushPeriods();
  const tickets: TicketRefundQuote[] = selected.map((t) => ({
    passengerId: t.passengerId,
    passengerName: t.passengerName,
    classCode: t.classCode,
    fareFen: t.fareFen,
    quote: quoteRefund({
      ruleSet: booking.ruleSet,
      fareFen: t.fareFen,
      purchasedAt: booking.purchasedAt,
      paidAt: booking.paidAt,
      sale: booking.sale ?? null,
      departureAt: booking.departureAt,
      requestedAt,
      involuntary: input.involuntary ?? false,
      changed: t.changed,
      mistakenPurchaseUsedToday: usedUp.includes(t.passengerId),
      changedAt: t.changedAt ?? null,
      originalDepartureAt: t.originalDepartureAt ?? null,
      boardingStation: booking.origin ?? null,
      springFestivalRush,
      ...(booking.ruleSet === 'cn-air' ? { fareClass: t.classCode } : {}),
      taxes: t.taxes ?? null,
      ...(booking.organizer ? { organizer: booking.organizer } : {}),
    }),
  }));
  return {
    bookingRef: booking.ref,
    requestedAt,
    tickets,
    allowed: tickets.every((t) => t.quote.allowed),
    totalFeeFen: tickets.reduce((sum, t) => sum + t.quote.feeFen, 0),
    totalRefundFen: tickets.reduce((sum, t) => sum + t.quote.refundFen, 0),
  };
}

export async function quoteBookingChange(deps: AppDeps, input: z.infer<typeof bookingChangeQuoteInputSchema>) {
  const booking = await loadBookingFacts(input.bookingId);
  const departure = await loadDepartureFacts(input.departureId, input.classCode);
  if (departure.ruleSet !== booking.ruleSet) {
    throw new DomainError(
      'POLICY_REFUSED',
      `A ${booking.ruleSet} ticket cannot be changed to a ${departure.ruleSet} departure.`,
    );
  }
  const requestedAt = deps.now().toISOString();
  const tickets: TicketChangeQuote[] = selectTickets(booking, input.passengerIds, 'change').map((t) => ({
    passengerId: t.passengerId,
    passengerName: t.passengerName,
    classCode: t.classCode,
    fareFen: t.fareFen,
    newFareFen: fareFor(departure.priceFen, t.passengerType, departure.mode),
    quote: quoteChange({
      ruleSet: booking.ruleSet,
      fareFen: t.fareFen,
      // The same fare the change case would charge (a rail child pays half).
      newFareFen: fareFor(departure.priceFen, t.passengerType, departure.mode),
      purchasedAt: booking.purchasedAt,
      departureAt: booking.departureAt,
      newDepartureAt: departure.departureAt,
      requestedAt,
      involuntary: input.involuntary ?? false,
      ...(booking.ruleSet === 'cn-air' ? { fareClass: t.classCode } : {}),
    }),
  }));
  return {
    bookingRef: booking.ref,
    requestedAt,
    newDeparture: {
      code: departure.code,
      departureAt: departure.departureAt,
      classCode: departure.classCode,
      priceFen: departure.priceFen,
    },
    tickets,
    allowed: tickets.every((t) => t.quote.allowed),
    totalPayFen: tickets.reduce((sum, t) => sum + t.quote.payFen, 0),
    totalFeeFen: tickets.reduce((sum, t) => sum + t.quote.changeFeeFen + t.quote.differenceFeeFen, 0),
  };
}

export async function computeQuote(
  input: z.infer<typeof computeQuoteInputSchema>,
): Promise<{ kind: 'refund'; quote: RefundQuote } | { kind: 'change'; quote: ChangeQuote }> {
  if (input.kind === 'refund') {
    const { kind: _kind, ...rest } = input;
    return { kind: 'refund', quote: quoteRefund({ ...rest, springFestivalRush: await enteredRushPeriods() }) };
  }
  const { kind: _kind, ...rest } = input;
  return { kind: 'change', quote: quoteChange(rest) };
}

export { listRuleSetVersions };
