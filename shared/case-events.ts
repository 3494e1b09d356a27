/**
 * What the console may send to a case, per kind and event, and the words it shows for events and
 * states. The server parses `SendEventInput.event` with `clientEventSchemas[kind][type]`; every
 * object is strict, so a client cannot smuggle engine-owned facts (prices, identity results,
 * quotas) into an event.
 *
 * Facts the machines need but the client must not supply are added by the case engine after
 * parsing, as listed in `eventEnrichment` (see `EventEnrichment` for exactly what each one means).
 */
import { z } from 'zod';
import type { CaseKind } from './case-vocabulary';
import { objectIdSchema, prioritySchema, queueNameSchema } from './cases';
import { idTypes } from './identity';
import { passengerTypes } from './bookings';
import { fenSchema } from './money';

// The words for states and events are plain tables in the zod-free ./case-vocabulary (the queue
// shows them on the first load); re-exported here beside the events they name.
export { caseEventLabels, caseStateLabels } from './case-vocabulary';
export type { LocalizedText } from './case-vocabulary';

const text = (max: number) => z.string().trim().min(1).max(max);
const reason = text(500);
const passengerIdSchema = z.string().trim().min(1).max(40);
/** At most 9 passengers per booking or request, as on 12306; duplicates make no sense. */
const passengerIdsSchema = z
  .array(passengerIdSchema)
  .min(1)
  .max(9)
  .refine((ids) => new Set(ids).size === ids.length, 'each passenger at most once');
const classCodeSchema = z.string().trim().min(1).max(8);
const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

const event = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), ...shape });

// ---------------------------------------------------------------------------------------------
// Events every kind accepts (assignment, notes, priority, links)

export const commonClientEvents = {
  /** Engine: looks the user up and passes `assignee: UserRef`. */
  ASSIGN: event('ASSIGN', { assigneeId: objectIdSchema }),
  UNASSIGN: event('UNASSIGN', {}),
  /** Engine: `assigneeId` (when given) becomes `assignee: UserRef | null`. */
  TRANSFER: event('TRANSFER', { queue: queueNameSchema, assigneeId: objectIdSchema.nullable().optional() }),
  /** Engine: adds `noteId`. */
  ADD_NOTE: event('ADD_NOTE', { text: text(2000) }),
  SET_PRIORITY: event('SET_PRIORITY', { priority: prioritySchema }),
  /** Engine: checks the customer exists. */
  LINK_CUSTOMER: event('LINK_CUSTOMER', { customerId: objectIdSchema }),
  /** Engine: loads the booking and passes `booking: BookingFacts`. */
  LINK_BOOKING: event('LINK_BOOKING', { bookingId: objectIdSchema }),
};

// ---------------------------------------------------------------------------------------------
// booking (订票)

export const passengerInputSchema = z.strictObject({
  name: text(40),
  idType: z.enum(idTypes),
  idNumber: z.string().trim().toUpperCase().min(4).max(32),
  passengerType: z.enum(passengerTypes),
  /** Needed for children and infants whose ID is not a resident ID (the date is read from those). */
  birthDate: isoDateSchema.optional(),
});
export type PassengerInput = z.infer<typeof passengerInputSchema>;

export const bookingClientEvents = {
  ...commonClientEvents,
  /** Engine: loads the departure's class and passes `departure: DepartureFacts`. */
  QUOTE: event('QUOTE', {
    departureId: objectIdSchema,
    classCode: classCodeSchema,
    passengerCount: z.number().int().min(1).max(9),
  }),
  /** Engine: sets `passengers[i].studentQuotaLeft` for every student passenger. */
  ENTER_PASSENGERS: event('ENTER_PASSENGERS', { passengers: z.array(passengerInputSchema).min(1).max(9) }),
  HOLD_SEATS: event('HOLD_SEATS', {}),
  REQUEST_PAYMENT: event('REQUEST_PAYMENT', {}),
  CANCEL: event('CANCEL', { reason }),
  CLOSE: event('CLOSE', {}),
};

// ---------------------------------------------------------------------------------------------
// change (改签)

/** The agent types the ID number the caller reads out; it never reaches the machine. */
const verify = event('VERIFY', { idNumber: z.string().trim().toUpperCase().min(4).max(32) });
const chooseDepartureShape = {
  departureId: objectIdSchema,
  classCode: classCodeSchema,
  passengerIds: passengerIdsSchema,
  /** The carrier caused the change (cancelled or delayed train/flight): no change fee. */
  involuntary: z.boolean().optional(),
  /** cn-rail: a change of arrival station (变更到站) from the same departure station; 48 h or more ahead only. */
  arrivalStationChange: z.boolean().optional(),
};

export const changeClientEvents = {
  ...commonClientEvents,
  /** Engine: compares idNumber with the customer's and passes `identityVerified: boolean` instead. */
  VERIFY: verify,
  /** Engine: loads the departure's class and passes `departure: DepartureFacts`. */
  CHOOSE_DEPARTURE: event('CHOOSE_DEPARTURE', chooseDepartureShape),
  /** Engine: as CHOOSE_DEPARTURE. */
  REQUOTE: event('REQUOTE', chooseDepartureShape),
  CUSTOMER_CONFIRMED: event('CUSTOMER_CONFIRMED', {}),
  CUSTOMER_DECLINED: event('CUSTOMER_DECLINED', { reason: reason.optional() }),
  /** Pay out a difference refund again after the gateway refused it. */
  RETRY_REFUND: event('RETRY_REFUND', {}),
  CLOSE: event('CLOSE', {}),
};

// ---------------------------------------------------------------------------------------------
// refund (退票)

const quoteRefundShape = {
  passengerIds: passengerIdsSchema,
  /** The customer says the carrier is at fault: free refund, but a supervisor must approve. */
  involuntary: z.boolean().optional(),
  reason,
};

export const refundClientEvents = {
  ...commonClientEvents,
  VERIFY: verify,
  QUOTE_REFUND: event('QUOTE_REFUND', quoteRefundShape),
  REQUOTE: event('REQUOTE', quoteRefundShape),
  CUSTOMER_CONFIRMED: event('CUSTOMER_CONFIRMED', {}),
  CUSTOMER_DECLINED: event('CUSTOMER_DECLINED', { reason: reason.optional() }),
  APPROVE: event('APPROVE', { note: text(500).optional() }),
  REJECT: event('REJECT', { reason }),
  RETRY: event('RETRY', {}),
  ESCALATE: event('ESCALATE', { reason }),
  CLOSE: event('CLOSE', {}),
};

// ---------------------------------------------------------------------------------------------
// complaint (投诉)

export const resolutionKinds = ['apology', 'voucher', 'points', 'refund'] as const;
export type ResolutionKind = (typeof resolutionKinds)[number];

export const complaintClientEvents = {
  ...commonClientEvents,
  ACKNOWLEDGE: event('ACKNOWLEDGE', { message: text(1000) }),
  START_INVESTIGATION: event('START_INVESTIGATION', {}),
  ESCALATE: event('ESCALATE', { reason }),
  /** An apology carries amountFen 0; the machine checks the amount against the sender's limit. */
  PROPOSE_RESOLUTION: event('PROPOSE_RESOLUTION', {
    kind: z.enum(resolutionKinds),
    amountFen: fenSchema,
    text: text(1000),
  }),
  CUSTOMER_ACCEPTED: event('CUSTOMER_ACCEPTED', {}),
  CUSTOMER_REJECTED: event('CUSTOMER_REJECTED', { reason: reason.optional() }),
  /** Issue the accepted compensation again after the refund gateway refused it. */
  RETRY_COMPENSATION: event('RETRY_COMPENSATION', {}),
  CLOSE: event('CLOSE', {}),
  REOPEN: event('REOPEN', { reason }),
};

export type ClientEventSchema = z.ZodObject<z.ZodRawShape, z.core.$strict>;

export const clientEventSchemas: Record<CaseKind, Record<string, ClientEventSchema>> = {
  booking: bookingClientEvents,
  change: changeClientEvents,
  refund: refundClientEvents,
  complaint: complaintClientEvents,
};

// ---------------------------------------------------------------------------------------------
// Facts the engine adds before an event reaches a machine

/**
 * - `departure`: the client sent `departureId` + `classCode`; load that departure's class and pass
 *   `departure: DepartureFacts` (unknown id or class: NOT_FOUND before the machine runs).
 * - `identity`: the client sent `idNumber`; compare it with the ID numbers of the case booking's
 *   holder and passengers (the case customer's when no booking is linked) and pass
 *   `identityVerified: boolean`; drop `idNumber` (it must not land in history).
 * - `booking`: the client sent `bookingId`; load it and pass `booking: BookingFacts`.
 * - `passengerChecks`: for each passenger with passengerType 'student', set
 *   `passengers[i].studentQuotaLeft` (rail trips left this academic year, Oct 1 - Sep 30); on a
 *   real-name show (the quoted departure's `realName`), set `passengers[i].showTicketHeldBy`: the
 *   reference of another booking or open booking case holding this ID for the show, or null.
 * - `noteId`: add a fresh `noteId: string`.
 * - `mistakenPurchase`: pass `mistakenPurchaseUsedToday: string[]`, the selected passengers whose free
 *   mistaken-purchase refund is used up today (cn-rail from 2026-02-02: one order per purchasing
 *   account per Shanghai day; the rule is workflows/policy/mistaken-purchase.ts), and
 *   `springFestivalRush: RushPeriod[]`, the rush years an admin entered (server/src/fare-rules).
 * - `assignee`: the client sent `assigneeId` (TRANSFER: optional, may be null); pass
 *   `assignee: UserRef` (TRANSFER: `UserRef | null`, absent when assigneeId was absent).
 * - `customer`: the client sent `customerId`; check that it names a customer (NOT_FOUND before the
 *   machine runs) and, with a booking linked, its holder or a passenger; pass the event on unchanged.
 * - `recentCompensation`: pass `customerRecentCompensationFen: number`, what the case customer's other
 *   complaints gave them (accepted resolutions) within the configured period (30 days); on
 *   PROPOSE_RESOLUTION and again on CUSTOMER_ACCEPTED, when another case may have paid meanwhile.
 *   Customer ID checks (VERIFY's `identity`) are rate limited and audited like verifyIdentity.
 */
export type EventEnrichment =
  | 'departure'
  | 'identity'
  | 'booking'
  | 'passengerChecks'
  | 'noteId'
  | 'assignee'
  | 'mistakenPurchase'
  | 'customer'
  | 'recentCompensation';

const commonEnrichment = {
  ASSIGN: 'assignee',
  TRANSFER: 'assignee',
  ADD_NOTE: 'noteId',
  LINK_CUSTOMER: 'customer',
  LINK_BOOKING: 'booking',
} as const satisfies Partial<Record<keyof typeof commonClientEvents, EventEnrichment>>;

export const eventEnrichment: Record<CaseKind, Partial<Record<string, EventEnrichment>>> = {
  booking: { ...commonEnrichment, QUOTE: 'departure', ENTER_PASSENGERS: 'passengerChecks' },
  change: { ...commonEnrichment, VERIFY: 'identity', CHOOSE_DEPARTURE: 'departure', REQUOTE: 'departure' },
  refund: { ...commonEnrichment, VERIFY: 'identity', QUOTE_REFUND: 'mistakenPurchase', REQUOTE: 'mistakenPurchase' },
  complaint: { ...commonEnrichment, PROPOSE_RESOLUTION: 'recentCompensation', CUSTOMER_ACCEPTED: 'recentCompensation' },
};
