/**
 * Booking case (订票): quote a departure, enter and check passengers, hold seats (durable 'hold'
 * timer), collect payment, issue tickets. Queue: sales.
 *
 * draft → QUOTE → quoted → ENTER_PASSENGERS → passengers_entered → HOLD_SEATS → holding
 *   → SEATS_HELD → seats_held → REQUEST_PAYMENT → payment_pending → PAYMENT_SUCCEEDED → paid
 *   → TICKETS_ISSUED → ticketed → CLOSE → closed
 * CANCEL from draft, quoted, passengers_entered, seats_held → cancelled.
 */
import { assign, setup, type StateValue } from 'xstate';
import type { Role } from '../../shared/roles';
import { maskIdNumber } from '../../shared/identity';
import { caseStateLabels } from '../../shared/case-events';
import type { CaseInput, CommonEvent, DepartureFacts, Stamped } from './contract';
import {
  actorRef,
  addMinutes,
  applyCommonEvent,
  baseContext,
  beijingTime,
  caseOpen,
  commonEventChanges,
  clearTimer,
  commonEventRoles,
  commonTransitions,
  effectActions,
  findTimer,
  isAfter,
  isCommonEvent,
  salesDesk,
  setTimer,
  text,
  timerDue,
  type ActorRef,
  type CaseContext,
  type LocalizedText,
} from './common';
import { validatePassengers, type PassengerEntry, type PricedPassenger } from './passengers';

export type BookingQuote = {
  departure: DepartureFacts;
  passengerCount: number;
  unitPriceFen: number;
  /** Adult fares for the count; the booking's total comes from the entered passengers. */
  estimatedTotalFen: number;
  quotedAt: string;
  quotedBy: ActorRef;
};

export type BookingContext = CaseContext & {
  quote: BookingQuote | null;
  passengers: PricedPassenger[];
  totalFen: number;
  seats: string[];
  holdFailures: { at: string; reason: string }[];
  /** The seat hold ran out while a payment was in flight: seats are kept until the payment answers. */
  holdLapsed: boolean;
  paymentRef: string | null;
  paymentFailures: { at: string; reason: string }[];
  issued: { bookingId: string; bookingRef: string; ticketNumbers: string[]; at: string } | null;
  cancellation: { at: string; by: ActorRef; reason: string } | null;
};

export type BookingEvent = Stamped<
  | CommonEvent
  | { type: 'QUOTE'; departure: DepartureFacts; passengerCount: number }
  | { type: 'ENTER_PASSENGERS'; passengers: PassengerEntry[] }
  | { type: 'HOLD_SEATS' }
  | { type: 'SEATS_HELD'; seats: string[] }
  | { type: 'HOLD_FAILED'; reason: string }
  | { type: 'HOLD_EXPIRED' }
  | { type: 'REQUEST_PAYMENT' }
  | { type: 'PAYMENT_SUCCEEDED'; paymentRef: string }
  | { type: 'PAYMENT_FAILED'; reason: string }
  | { type: 'TICKETS_ISSUED'; bookingId: string; bookingRef: string; ticketNumbers: string[] }
  | { type: 'CANCEL'; reason: string }
  | { type: 'CLOSE' }
>;
export type BookingEventType = BookingEvent['type'];

export const MAX_PASSENGERS = 9;

export const bookingEventRoles: Record<BookingEventType, readonly Role[]> = {
  ...commonEventRoles,
  QUOTE: salesDesk,
  ENTER_PASSENGERS: salesDesk,
  HOLD_SEATS: salesDesk,
  REQUEST_PAYMENT: salesDesk,
  CANCEL: salesDesk,
  CLOSE: salesDesk,
  SEATS_HELD: [],
  HOLD_FAILED: [],
  HOLD_EXPIRED: [],
  PAYMENT_SUCCEEDED: [],
  PAYMENT_FAILED: [],
  TICKETS_ISSUED: [],
};

function quoteProblem(event: Extract<BookingEvent, { type: 'QUOTE' }>): LocalizedText | null {
  const { departure, passengerCount } = event;
  if (!Number.isInteger(passengerCount) || passengerCount < 1 || passengerCount > MAX_PASSENGERS) {
    return text(`乘客人数须为 1 至 ${MAX_PASSENGERS}`, `The passenger count must be 1 to ${MAX_PASSENGERS}`);
  }
  if (!isAfter(departure.departureAt, event.meta.at)) {
    return text(
      `${departure.code} 已于 ${beijingTime(departure.departureAt)}（北京时间）出发`,
      `${departure.code} left at ${beijingTime(departure.departureAt)} (Beijing time)`,
    );
  }
  if (departure.seatsLeft < passengerCount) {
    return text(
      `${departure.code} ${departure.className} 仅剩 ${departure.seatsLeft} 个座位`,
      `${departure.code} ${departure.className} has only ${departure.seatsLeft} seats left`,
    );
  }
  return null;
}

function passengersProblem(
  context: BookingContext,
  event: Extract<BookingEvent, { type: 'ENTER_PASSENGERS' }>,
): LocalizedText | null {
  if (!context.quote) return text('请先报价', 'Quote first');
  const result = validatePassengers(event.passengers, context.quote.departure, {
    expectedCount: context.quote.passengerCount,
  });
  if (result.ok) return null;
  return {
    'zh-CN': result.problems.map((p) => p.message['zh-CN']).join('；'),
    en: result.problems.map((p) => p.message.en).join('; '),
  };
}

const noCustomer = text('请先关联客户，出票需要客户', 'Link a customer first: tickets are issued to a customer');

function seatedCount(context: BookingContext): number {
  return context.passengers.filter((p) => p.seated).length;
}

/** Every state after `quoted` has a quote; reaching for it earlier is a bug in this file. */
function quotedDeparture(context: BookingContext): DepartureFacts {
  if (!context.quote) throw new Error(`booking case ${context.ref} has no quote in a state that needs one`);
  return context.quote.departure;
}

function releaseParams(context: BookingContext) {
  const departure = quotedDeparture(context);
  return { departureId: departure.departureId, classCode: departure.classCode, count: seatedCount(context) };
}

export const bookingMachine = setup({
  types: {
    context: {} as BookingContext,
    events: {} as BookingEvent,
    input: {} as CaseInput,
  },
  guards: {
    caseOpen: ({ context }) => caseOpen(context),
    commonEventChanges: ({ context, event }) => commonEventChanges(context, event),
    quoteValid: ({ event }) => event.type === 'QUOTE' && quoteProblem(event) === null,
    passengersValid: ({ context, event }) =>
      event.type === 'ENTER_PASSENGERS' && passengersProblem(context, event) === null,
    customerLinked: ({ context }) => context.customerId !== null,
    holdDue: ({ context, event }) => timerDue(context, 'hold', event.meta.at),
    holdLapsed: ({ context }) => context.holdLapsed,
  },
  actions: {
    ...effectActions,
    applyCommonEvent: assign(({ context, event }) => (isCommonEvent(event) ? applyCommonEvent(context, event) : {})),
    storeQuote: assign(({ event }) => {
      if (event.type !== 'QUOTE') return {};
      const unitPriceFen = event.departure.priceFen;
      return {
        quote: {
          departure: event.departure,
          passengerCount: event.passengerCount,
          unitPriceFen,
          estimatedTotalFen: unitPriceFen * event.passengerCount,
          quotedAt: event.meta.at,
          quotedBy: actorRef(event.meta.actor),
        },
        passengers: [],
        totalFen: 0,
      };
    }),
    storePassengers: assign(({ context, event }) => {
      if (event.type !== 'ENTER_PASSENGERS' || !context.quote) return {};
      const result = validatePassengers(event.passengers, context.quote.departure, {
        expectedCount: context.quote.passengerCount,
      });
      return result.ok ? { passengers: result.passengers, totalFen: result.totalFen } : {};
    }),
    storeSeats: assign(({ context, event }) =>
      event.type === 'SEATS_HELD'
        ? {
            seats: event.seats,
            holdLapsed: false,
            timers: setTimer(
              context,
              'hold',
              'HOLD_EXPIRED',
              addMinutes(event.meta.at, context.config.seatHoldMinutes),
            ),
          }
        : {},
    ),
    recordHoldFailure: assign(({ context, event }) =>
      event.type === 'HOLD_FAILED'
        ? { holdFailures: [...context.holdFailures, { at: event.meta.at, reason: event.reason }] }
        : {},
    ),
    dropSeats: assign(({ context }) => ({ seats: [], holdLapsed: false, timers: clearTimer(context, 'hold') })),
    markHoldLapsed: assign(({ context }) => ({ holdLapsed: true, timers: clearTimer(context, 'hold') })),
    recordPayment: assign(({ context, event }) =>
      event.type === 'PAYMENT_SUCCEEDED'
        ? { paymentRef: event.paymentRef, holdLapsed: false, timers: clearTimer(context, 'hold') }
        : {},
    ),
    recordPaymentFailure: assign(({ context, event }) =>
      event.type === 'PAYMENT_FAILED'
        ? { paymentFailures: [...context.paymentFailures, { at: event.meta.at, reason: event.reason }] }
        : {},
    ),
    recordTickets: assign(({ event }) =>
      event.type === 'TICKETS_ISSUED'
        ? {
            bookingId: event.bookingId,
            issued: {
              bookingId: event.bookingId,
              bookingRef: event.bookingRef,
              ticketNumbers: event.ticketNumbers,
              at: event.meta.at,
            },
          }
        : {},
    ),
    recordCancellation: assign(({ event }) =>
      event.type === 'CANCEL'
        ? { cancellation: { at: event.meta.at, by: actorRef(event.meta.actor), reason: event.reason } }
        : {},
    ),
    markClosed: assign(({ event }) => ({ closedAt: event.meta.at, timers: [] })),
  },
}).createMachine({
  id: 'booking',
  context: ({ input }) => ({
    ...baseContext(input, 'sales'),
    quote: null,
    passengers: [],
    totalFen: 0,
    seats: [],
    holdFailures: [],
    holdLapsed: false,
    paymentRef: null,
    paymentFailures: [],
    issued: null,
    cancellation: null,
  }),
  initial: 'draft',
  on: { ...commonTransitions },
  states: {
    draft: {
      on: {
        QUOTE: { guard: 'quoteValid', target: 'quoted', actions: 'storeQuote' },
        CANCEL: { target: 'cancelled', actions: 'recordCancellation' },
      },
    },
    quoted: {
      on: {
        QUOTE: { guard: 'quoteValid', target: 'quoted', actions: 'storeQuote' },
        ENTER_PASSENGERS: { guard: 'passengersValid', target: 'passengers_entered', actions: 'storePassengers' },
        CANCEL: { target: 'cancelled', actions: 'recordCancellation' },
      },
    },
    passengers_entered: {
      on: {
        // A new quote (other train, other count) starts the passenger list again.
        QUOTE: { guard: 'quoteValid', target: 'quoted', actions: 'storeQuote' },
        ENTER_PASSENGERS: { guard: 'passengersValid', target: 'passengers_entered', actions: 'storePassengers' },
        HOLD_SEATS: {
          target: 'holding',
          actions: {
            type: 'effect.inventory.hold',
            params: ({ context }) => ({
              departureId: quotedDeparture(context).departureId,
              classCode: quotedDeparture(context).classCode,
              count: seatedCount(context),
            }),
          },
        },
        CANCEL: { target: 'cancelled', actions: 'recordCancellation' },
      },
    },
    holding: {
      on: {
        SEATS_HELD: { target: 'seats_held', actions: 'storeSeats' },
        HOLD_FAILED: { target: 'passengers_entered', actions: 'recordHoldFailure' },
      },
    },
    seats_held: {
      on: {
        REQUEST_PAYMENT: {
          guard: 'customerLinked',
          target: 'payment_pending',
          actions: {
            type: 'effect.payment.collect',
            params: ({ context }) => ({
              amountFen: context.totalFen,
              purpose: 'booking' as const,
              reference: context.ref,
            }),
          },
        },
        HOLD_EXPIRED: {
          guard: 'holdDue',
          target: 'passengers_entered',
          actions: [{ type: 'effect.inventory.release', params: ({ context }) => releaseParams(context) }, 'dropSeats'],
        },
        CANCEL: {
          target: 'cancelled',
          actions: [
            'recordCancellation',
            { type: 'effect.inventory.release', params: ({ context }) => releaseParams(context) },
            'dropSeats',
          ],
        },
      },
    },
    payment_pending: {
      on: {
        PAYMENT_SUCCEEDED: {
          target: 'paid',
          actions: [
            'recordPayment',
            {
              type: 'effect.tickets.issue',
              params: ({ context, event }) => ({
                // REQUEST_PAYMENT is guarded by customerLinked, and a customer link cannot be removed.
                customerId: context.customerId ?? '',
                departure: quotedDeparture(context),
                passengers: ticketPassengers(context),
                paymentRef: event.paymentRef,
              }),
            },
          ],
        },
        PAYMENT_FAILED: [
          {
            guard: 'holdLapsed',
            target: 'passengers_entered',
            actions: [
              'recordPaymentFailure',
              { type: 'effect.inventory.release', params: ({ context }) => releaseParams(context) },
              'dropSeats',
            ],
          },
          { target: 'seats_held', actions: 'recordPaymentFailure' },
        ],
        // Seats stay held while the gateway decides; the failure path gives them back.
        HOLD_EXPIRED: { guard: 'holdDue', actions: 'markHoldLapsed' },
      },
    },
    paid: {
      on: {
        TICKETS_ISSUED: {
          target: 'ticketed',
          actions: [
            'recordTickets',
            {
              type: 'effect.notify.customer',
              params: ({ context, event }) => ({
                customerId: context.customerId,
                template: 'eticket',
                params: {
                  bookingRef: event.bookingRef,
                  ticketNumbers: event.ticketNumbers.join(', '),
                  departureCode: quotedDeparture(context).code,
                  departureAt: quotedDeparture(context).departureAt,
                },
              }),
            },
          ],
        },
      },
    },
    ticketed: {
      on: { CLOSE: 'closed' },
    },
    closed: { type: 'final', entry: 'markClosed' },
    cancelled: { type: 'final', entry: 'markClosed' },
  },
});

function ticketPassengers(context: BookingContext) {
  let seatIndex = 0;
  return context.passengers.map((p) => ({
    passengerId: p.passengerId,
    name: p.name,
    idType: p.idType,
    idNumber: p.idNumber,
    passengerType: p.passengerType,
    fareFen: p.fareFen,
    seat: p.seated ? (context.seats[seatIndex++] ?? null) : null,
  }));
}

/** Why a booking event with this payload is refused in this state, when the state accepts its type. */
export function explainBookingRefusal(
  snapshot: { value: StateValue; context: BookingContext },
  event: BookingEvent,
): LocalizedText | null {
  const { context } = snapshot;
  if (!caseOpen(context)) return text('案件已结案', 'The case is closed');
  switch (event.type) {
    case 'QUOTE':
      return quoteProblem(event);
    case 'ENTER_PASSENGERS':
      return passengersProblem(context, event);
    case 'REQUEST_PAYMENT':
      return context.customerId === null ? noCustomer : null;
    case 'HOLD_EXPIRED':
      return timerDue(context, 'hold', event.meta.at) ? null : text('占座尚未到期', 'The seat hold is not due');
    default:
      return null;
  }
}

/** What the console shows of a booking case (CaseDetail.data): passengers' ID numbers masked. */
export function projectBooking(context: BookingContext) {
  const hold = findTimer(context, 'hold');
  return {
    quote: context.quote,
    passengers: context.passengers.map((p) => ({ ...p, idNumber: maskIdNumber(p.idNumber) })),
    totalFen: context.totalFen,
    seats: context.seats,
    holdExpiresAt: hold?.dueAt ?? null,
    holdLapsed: context.holdLapsed,
    holdFailures: context.holdFailures,
    paymentRef: context.paymentRef,
    paymentFailures: context.paymentFailures,
    issued: context.issued,
    cancellation: context.cancellation,
    breaches: context.breaches,
  };
}

export const bookingStateLabels = caseStateLabels.booking;
