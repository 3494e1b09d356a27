/**
 * Change case (改签): verify the caller, choose a new departure for some of the booking's tickets,
 * quote each ticket with the policy engine, settle the fare difference, reissue. Queue: changes.
 *
 * verifying → VERIFY → choosing → CHOOSE_DEPARTURE → quoted (or refused when the rules forbid it)
 *   → CUSTOMER_CONFIRMED → difference_pending (customer pays) → PAYMENT_SUCCEEDED → reissuing
 *                        → reissuing (difference refunded, or nothing to settle)
 *   reissuing → REISSUED → reissued → CLOSE → closed
 * CUSTOMER_DECLINED from verifying, choosing, quoted → declined.
 */
import { and, assign, setup, type StateValue } from 'xstate';
import type { Role } from '../../shared/roles';
import type { PassengerType } from '../../shared/bookings';
import { caseStateLabels } from '../../shared/case-events';
import {
  quoteChange,
  quoteChangeWithVersion,
  versionOfRuleId,
  type ChangeQuote,
  type ChangeQuoteInput,
} from '../policy';
import type { BookingFacts, CaseInput, CommonEvent, DepartureFacts, Stamped } from './contract';
import {
  actorRef,
  applyCommonEvent,
  attemptQuote,
  baseContext,
  beijingTime,
  caseOpen,
  commonEventChanges,
  commonEventRoles,
  commonTransitions,
  effectActions,
  emptyVerification,
  isAfter,
  isCommonEvent,
  quoteFresh,
  raisePriority,
  salesDesk,
  selectedTickets,
  staleQuoteReason,
  text,
  ticketSelectionProblem,
  verifyProblem,
  type ActorRef,
  type CaseContext,
  type LocalizedText,
  type Verification,
} from './common';
import { fareFor } from './passengers';

export type ChangeQuoteLine = {
  passengerId: string;
  passengerName: string;
  passengerType: PassengerType;
  classCode: string;
  fareFen: number;
  newFareFen: number;
  quote: ChangeQuote;
};

export type ChangeQuoteSet = {
  quotedAt: string;
  quotedBy: ActorRef;
  departure: DepartureFacts;
  passengerIds: string[];
  involuntary: boolean;
  lines: ChangeQuoteLine[];
  totalChangeFeeFen: number;
  totalDifferenceFeeFen: number;
  /** > 0 the customer pays, < 0 the customer receives. */
  totalPayFen: number;
  /** The first ticket the rules refuse to change, if any: the whole change is refused. */
  refusal: { passengerId: string; ruleId: string; explanation: LocalizedText } | null;
};

export type DifferenceRefund = {
  amountFen: number;
  status: 'submitted' | 'settled' | 'failed';
  gatewayRef: string | null;
  failures: { at: string; reason: string }[];
};

export type ChangeContext = CaseContext & {
  verification: Verification;
  quote: ChangeQuoteSet | null;
  /** The quote REQUOTE replaced, for the console to show old and new side by side. */
  previousQuote: ChangeQuoteSet | null;
  confirmation: { at: string; by: ActorRef } | null;
  paymentRef: string | null;
  paymentFailures: { at: string; reason: string }[];
  differenceRefund: DifferenceRefund | null;
  reissued: { at: string; ticketNumbers: string[]; newBookingId: string | null; newBookingRef: string | null } | null;
  declined: { at: string; by: ActorRef; reason: string | null } | null;
};

type Selection = {
  departure: DepartureFacts;
  passengerIds: string[];
  involuntary?: boolean;
  /** 变更到站: the same departure station, another arrival (the one change, 48 h or more ahead). */
  arrivalStationChange?: boolean;
  /** Engine-supplied: the booking as it is now (ticket states, other cases' claims); quoted instead of the copy made at creation. */
  booking?: BookingFacts;
};

export type ChangeEvent = Stamped<
  | CommonEvent
  | { type: 'VERIFY'; identityVerified: boolean }
  | ({ type: 'CHOOSE_DEPARTURE' } & Selection)
  | ({ type: 'REQUOTE' } & Selection)
  | { type: 'CUSTOMER_CONFIRMED' }
  | { type: 'CUSTOMER_DECLINED'; reason?: string }
  | { type: 'PAYMENT_SUCCEEDED'; paymentRef: string }
  | { type: 'PAYMENT_FAILED'; reason: string }
  | { type: 'REISSUED'; ticketNumbers: string[]; newBookingId?: string; newBookingRef?: string }
  | { type: 'REFUND_SETTLED'; gatewayRef: string }
  | { type: 'REFUND_FAILED'; reason: string }
  | { type: 'RETRY_REFUND' }
  | { type: 'CLOSE' }
>;
export type ChangeEventType = ChangeEvent['type'];

export const changeEventRoles: Record<ChangeEventType, readonly Role[]> = {
  ...commonEventRoles,
  VERIFY: salesDesk,
  CHOOSE_DEPARTURE: salesDesk,
  REQUOTE: salesDesk,
  CUSTOMER_CONFIRMED: salesDesk,
  CUSTOMER_DECLINED: salesDesk,
  RETRY_REFUND: salesDesk,
  CLOSE: salesDesk,
  PAYMENT_SUCCEEDED: [],
  PAYMENT_FAILED: [],
  REISSUED: [],
  REFUND_SETTLED: [],
  REFUND_FAILED: [],
};

type SelectionEvent = Extract<ChangeEvent, { type: 'CHOOSE_DEPARTURE' | 'REQUOTE' }>;

/**
 * Quotes moving the selected tickets to the new departure, one quoteChange per ticket, or says why
 * the selection itself is wrong (the agent fixes it; a rule refusal is a quote with `refusal`).
 */
export function priceChange(
  booking: BookingFacts | null,
  event: SelectionEvent,
  caseId: string | null = null,
  /** A requote keeps the rule-set version the case was quoted under, even if a newer one came into force since. */
  pinnedVersion: string | null = null,
): { ok: true; quote: ChangeQuoteSet } | { ok: false; problem: LocalizedText } {
  // A pin from another rule set (the case was re-linked to another booking) does not apply.
  const pin = pinnedVersion?.startsWith(`${booking?.ruleSet ?? ''}@`) ? pinnedVersion : null;
  const quoteTicket = (input: ChangeQuoteInput) => (pin ? quoteChangeWithVersion(input, pin) : quoteChange(input));
  const selectionProblem = ticketSelectionProblem(booking, event.passengerIds, true, caseId);
  if (selectionProblem || !booking)
    return { ok: false, problem: selectionProblem ?? text('案件未关联订单', 'No booking is linked to the case') };
  const { departure } = event;
  if (departure.mode !== booking.mode || departure.ruleSet !== booking.ruleSet) {
    return {
      ok: false,
      problem: text(
        `只能改签到同类行程（${booking.mode}）`,
        `A ${booking.mode} ticket can only be changed to another ${booking.mode} departure`,
      ),
    };
  }
  const tickets = selectedTickets(booking, event.passengerIds);
  if (departure.departureId === booking.departureId && tickets.every((t) => t.classCode === departure.classCode)) {
    return {
      ok: false,
      problem: text('新车次/航班与原票相同', 'The new departure and class are the ones already booked'),
    };
  }
  if (!isAfter(departure.departureAt, event.meta.at)) {
    return {
      ok: false,
      problem: text(
        `${departure.code} 已于 ${beijingTime(departure.departureAt)}（北京时间）出发`,
        `${departure.code} left at ${beijingTime(departure.departureAt)} (Beijing time)`,
      ),
    };
  }
  // 变更到站 keeps the departure station: only the arrival changes.
  if (event.arrivalStationChange && booking.origin && departure.origin && departure.origin !== booking.origin) {
    return {
      ok: false,
      problem: text(
        `变更到站须从原发站（${booking.origin}）出发，${departure.code} 从 ${departure.origin} 出发`,
        `A change of arrival station keeps the departure station (${booking.origin}); ${departure.code} leaves from ${departure.origin}`,
      ),
    };
  }
  if (departure.seatsLeft < tickets.length) {
    return {
      ok: false,
      problem: text(
        `${departure.code} ${departure.className} 仅剩 ${departure.seatsLeft} 个座位`,
        `${departure.code} ${departure.className} has only ${departure.seatsLeft} seats left`,
      ),
    };
  }
  const lines: ChangeQuoteLine[] = [];
  for (const ticket of tickets) {
    const newFareFen = fareFor(departure.priceFen, ticket.passengerType, departure.mode);
    const attempt = attemptQuote(() =>
      quoteTicket({
        ruleSet: booking.ruleSet,
        fareFen: ticket.fareFen,
        newFareFen,
        purchasedAt: booking.purchasedAt,
        departureAt: booking.departureAt,
        newDepartureAt: departure.departureAt,
        requestedAt: event.meta.at,
        involuntary: event.involuntary ?? false,
        fareClass: booking.ruleSet === 'cn-air' ? ticket.classCode : undefined,
        arrivalStationChange: event.arrivalStationChange ?? false,
      }),
    );
    if (!attempt.ok) return attempt;
    lines.push({
      passengerId: ticket.passengerId,
      passengerName: ticket.passengerName,
      passengerType: ticket.passengerType,
      classCode: ticket.classCode,
      fareFen: ticket.fareFen,
      newFareFen,
      quote: attempt.value,
    });
  }
  const refused = lines.find((l) => !l.quote.allowed);
  return {
    ok: true,
    quote: {
      quotedAt: event.meta.at,
      quotedBy: actorRef(event.meta.actor),
      departure,
      passengerIds: [...event.passengerIds],
      involuntary: event.involuntary ?? false,
      lines,
      totalChangeFeeFen: sum(lines.map((l) => l.quote.changeFeeFen)),
      totalDifferenceFeeFen: sum(lines.map((l) => l.quote.differenceFeeFen)),
      totalPayFen: sum(lines.map((l) => l.quote.payFen)),
      refusal: refused
        ? { passengerId: refused.passengerId, ruleId: refused.quote.ruleId, explanation: refused.quote.explanation }
        : null,
    },
  };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** A requote keeps the version the case was quoted under (cases quoted before a new version keep theirs). */
function pinnedVersion(context: ChangeContext, event: SelectionEvent): string | null {
  const first = context.quote?.lines[0];
  return event.type === 'REQUOTE' && first ? versionOfRuleId(first.quote.ruleId) : null;
}

function selectionQuote(context: ChangeContext, event: ChangeEvent): ChangeQuoteSet | null {
  if (event.type !== 'CHOOSE_DEPARTURE' && event.type !== 'REQUOTE') return null;
  const priced = priceChange(event.booking ?? context.booking, event, context.caseId, pinnedVersion(context, event));
  return priced.ok ? priced.quote : null;
}

function currentQuote(context: ChangeContext): ChangeQuoteSet {
  if (!context.quote) throw new Error(`change case ${context.ref} has no quote in a state that needs one`);
  return context.quote;
}

function bookingOf(context: ChangeContext): BookingFacts {
  if (!context.booking) throw new Error(`change case ${context.ref} has no booking in a state that needs one`);
  return context.booking;
}

const differenceRefundParams = ({ context }: { context: ChangeContext }) => ({
  amountFen: context.differenceRefund?.amountFen ?? -currentQuote(context).totalPayFen,
  bookingId: context.bookingId,
  passengerIds: currentQuote(context).passengerIds,
  reason: `change_difference:${context.ref}`,
});

const { LINK_CUSTOMER, LINK_BOOKING, ...openTransitions } = commonTransitions;

const differenceRefundResults = {
  REFUND_SETTLED: { guard: 'differenceRefundSubmitted', actions: 'recordDifferenceRefundSettled' },
  REFUND_FAILED: { guard: 'differenceRefundSubmitted', actions: 'recordDifferenceRefundFailed' },
  RETRY_REFUND: {
    guard: 'differenceRefundFailed',
    actions: [{ type: 'effect.refund.submit', params: differenceRefundParams }, 'markDifferenceRefundSubmitted'],
  },
} as const;

export const changeMachine = setup({
  types: {
    context: {} as ChangeContext,
    events: {} as ChangeEvent,
    input: {} as CaseInput,
  },
  guards: {
    caseOpen: ({ context }) => caseOpen(context),
    commonEventChanges: ({ context, event }) => commonEventChanges(context, event),
    identityConfirmed: ({ context, event }) =>
      event.type === 'VERIFY' &&
      event.identityVerified &&
      verifyProblem(context.booking, context.customerId, true) === null,
    identityMismatch: ({ context, event }) =>
      event.type === 'VERIFY' &&
      !event.identityVerified &&
      verifyProblem(context.booking, context.customerId, true) === null,
    changeQuotable: ({ context, event }) => selectionQuote(context, event)?.refusal === null,
    changeRefusedByRules: ({ context, event }) => (selectionQuote(context, event)?.refusal ?? null) !== null,
    quoteFresh: ({ context, event }) => context.quote !== null && quoteFresh(context.quote.quotedAt, event.meta.at),
    customerPays: ({ context }) => (context.quote?.totalPayFen ?? 0) > 0,
    customerReceives: ({ context }) => (context.quote?.totalPayFen ?? 0) < 0,
    differenceRefundSubmitted: ({ context }) => context.differenceRefund?.status === 'submitted',
    // A ¥0 difference has nothing to pay back: retrying it could do nothing.
    differenceRefundFailed: ({ context }) =>
      context.differenceRefund?.status === 'failed' && context.differenceRefund.amountFen > 0,
    // Money still moving keeps the case open: its result event must find the case.
    differenceRefundDone: ({ context }) =>
      context.differenceRefund === null || context.differenceRefund.status === 'settled',
  },
  actions: {
    ...effectActions,
    applyCommonEvent: assign(({ context, event }) => (isCommonEvent(event) ? applyCommonEvent(context, event) : {})),
    recordVerified: assign(({ context, event }) => ({
      verification: { ...context.verification, verifiedAt: event.meta.at, verifiedBy: actorRef(event.meta.actor) },
    })),
    recordFailedVerification: assign(({ context, event }) => ({
      verification: {
        ...context.verification,
        failedAttempts: [...context.verification.failedAttempts, { at: event.meta.at, by: actorRef(event.meta.actor) }],
      },
    })),
    storeQuote: assign(({ context, event }) => {
      const quote = selectionQuote(context, event);
      if (!quote) return {};
      // A re-quote keeps the quote it replaces; a first choice has nothing to compare with.
      const fresh = event.type === 'CHOOSE_DEPARTURE' || event.type === 'REQUOTE' ? event.booking : undefined;
      return {
        quote,
        previousQuote: event.type === 'REQUOTE' ? context.quote : null,
        ...(fresh ? { booking: fresh } : {}),
      };
    }),
    recordConfirmation: assign(({ event }) => ({
      confirmation: { at: event.meta.at, by: actorRef(event.meta.actor) },
    })),
    markDifferenceRefundSubmitted: assign(({ context }) => ({
      differenceRefund: {
        amountFen: context.differenceRefund?.amountFen ?? -currentQuote(context).totalPayFen,
        status: 'submitted' as const,
        gatewayRef: null,
        failures: context.differenceRefund?.failures ?? [],
      },
    })),
    recordDifferenceRefundSettled: assign(({ context, event }) =>
      event.type === 'REFUND_SETTLED' && context.differenceRefund
        ? {
            differenceRefund: { ...context.differenceRefund, status: 'settled' as const, gatewayRef: event.gatewayRef },
          }
        : {},
    ),
    recordDifferenceRefundFailed: assign(({ context, event }) =>
      event.type === 'REFUND_FAILED' && context.differenceRefund
        ? {
            differenceRefund: {
              ...context.differenceRefund,
              status: 'failed' as const,
              failures: [...context.differenceRefund.failures, { at: event.meta.at, reason: event.reason }],
            },
            priority: raisePriority(context.priority, 'high'),
          }
        : {},
    ),
    recordPayment: assign(({ event }) => (event.type === 'PAYMENT_SUCCEEDED' ? { paymentRef: event.paymentRef } : {})),
    recordPaymentFailure: assign(({ context, event }) =>
      event.type === 'PAYMENT_FAILED'
        ? {
            paymentFailures: [...context.paymentFailures, { at: event.meta.at, reason: event.reason }],
            confirmation: null,
          }
        : {},
    ),
    recordReissue: assign(({ event }) =>
      event.type === 'REISSUED'
        ? {
            reissued: {
              at: event.meta.at,
              ticketNumbers: event.ticketNumbers,
              newBookingId: event.newBookingId ?? null,
              newBookingRef: event.newBookingRef ?? null,
            },
          }
        : {},
    ),
    recordDecline: assign(({ event }) =>
      event.type === 'CUSTOMER_DECLINED'
        ? { declined: { at: event.meta.at, by: actorRef(event.meta.actor), reason: event.reason ?? null } }
        : {},
    ),
    markClosed: assign(({ event }) => ({ closedAt: event.meta.at, timers: [] })),
  },
}).createMachine({
  id: 'change',
  context: ({ input }) => ({
    ...baseContext(input, 'changes'),
    verification: emptyVerification,
    quote: null,
    previousQuote: null,
    confirmation: null,
    paymentRef: null,
    paymentFailures: [],
    differenceRefund: null,
    reissued: null,
    declined: null,
  }),
  initial: 'verifying',
  // Customer and booking can be (re)linked only before the identity check they are checked by.
  on: { ...openTransitions },
  states: {
    verifying: {
      on: {
        LINK_CUSTOMER,
        LINK_BOOKING,
        VERIFY: [
          { guard: 'identityConfirmed', target: 'choosing', actions: 'recordVerified' },
          { guard: 'identityMismatch', actions: 'recordFailedVerification' },
        ],
        CUSTOMER_DECLINED: { target: 'declined', actions: 'recordDecline' },
      },
    },
    choosing: {
      on: {
        CHOOSE_DEPARTURE: [
          { guard: 'changeRefusedByRules', target: 'refused', actions: 'storeQuote' },
          { guard: 'changeQuotable', target: 'quoted', actions: 'storeQuote' },
        ],
        CUSTOMER_DECLINED: { target: 'declined', actions: 'recordDecline' },
      },
    },
    quoted: {
      on: {
        REQUOTE: [
          { guard: 'changeRefusedByRules', target: 'refused', actions: 'storeQuote' },
          { guard: 'changeQuotable', target: 'quoted', actions: 'storeQuote' },
        ],
        CUSTOMER_CONFIRMED: [
          {
            guard: and(['quoteFresh', 'customerPays']),
            target: 'difference_pending',
            actions: [
              'recordConfirmation',
              {
                type: 'effect.payment.collect',
                params: ({ context }) => ({
                  amountFen: currentQuote(context).totalPayFen,
                  purpose: 'change_difference' as const,
                  reference: context.ref,
                }),
              },
            ],
          },
          {
            guard: and(['quoteFresh', 'customerReceives']),
            target: 'reissuing',
            actions: [
              'recordConfirmation',
              { type: 'effect.refund.submit', params: differenceRefundParams },
              'markDifferenceRefundSubmitted',
            ],
          },
          { guard: 'quoteFresh', target: 'reissuing', actions: 'recordConfirmation' },
        ],
        CUSTOMER_DECLINED: { target: 'declined', actions: 'recordDecline' },
      },
    },
    difference_pending: {
      on: {
        PAYMENT_SUCCEEDED: { target: 'reissuing', actions: 'recordPayment' },
        PAYMENT_FAILED: { target: 'quoted', actions: 'recordPaymentFailure' },
      },
    },
    reissuing: {
      entry: {
        type: 'effect.booking.reissue',
        params: ({ context }) => {
          const quote = currentQuote(context);
          return {
            bookingId: bookingOf(context).bookingId,
            passengerIds: quote.passengerIds,
            newDeparture: quote.departure,
            newFareFen: quote.departure.priceFen,
            fares: quote.lines.map((l) => ({ passengerId: l.passengerId, fareFen: l.newFareFen })),
          };
        },
      },
      on: {
        ...differenceRefundResults,
        REISSUED: {
          target: 'reissued',
          actions: [
            'recordReissue',
            {
              type: 'effect.notify.customer',
              params: ({ context, event }) => ({
                customerId: context.customerId,
                template: 'change_reissued',
                params: {
                  bookingRef: event.newBookingRef ?? bookingOf(context).ref,
                  ticketNumbers: event.ticketNumbers.join(', '),
                  departureCode: currentQuote(context).departure.code,
                  departureAt: currentQuote(context).departure.departureAt,
                  payFen: currentQuote(context).totalPayFen,
                },
              }),
            },
          ],
        },
      },
    },
    reissued: {
      on: {
        ...differenceRefundResults,
        CLOSE: { guard: 'differenceRefundDone', target: 'closed' },
      },
    },
    closed: { type: 'final', entry: 'markClosed' },
    declined: { type: 'final', entry: 'markClosed' },
    refused: { type: 'final', entry: 'markClosed' },
  },
});

/** Why a change event with this payload is refused in this state, when the state accepts its type. */
export function explainChangeRefusal(
  snapshot: { value: StateValue; context: ChangeContext },
  event: ChangeEvent,
): LocalizedText | null {
  const { context } = snapshot;
  if (!caseOpen(context)) return text('案件已结案', 'The case is closed');
  switch (event.type) {
    case 'VERIFY':
      return verifyProblem(context.booking, context.customerId, true);
    case 'CHOOSE_DEPARTURE':
    case 'REQUOTE': {
      const priced = priceChange(
        event.booking ?? context.booking,
        event,
        context.caseId,
        pinnedVersion(context, event),
      );
      return priced.ok ? null : priced.problem;
    }
    case 'CUSTOMER_CONFIRMED':
      return context.quote && !quoteFresh(context.quote.quotedAt, event.meta.at)
        ? staleQuoteReason(context.quote.quotedAt)
        : null;
    case 'CLOSE':
      return context.differenceRefund && context.differenceRefund.status !== 'settled'
        ? text('差价退款尚未到账，不能结案', 'The difference refund has not settled yet; the case cannot be closed')
        : null;
    case 'RETRY_REFUND':
      if (context.differenceRefund?.status === 'failed' && context.differenceRefund.amountFen <= 0)
        return text('差价为 ¥0，没有可退的金额', 'The difference is ¥0: there is nothing to refund');
      return context.differenceRefund?.status === 'failed'
        ? null
        : text('没有失败的差价退款', 'There is no failed difference refund to retry');
    default:
      return null;
  }
}

/** What the console shows of a change case (CaseDetail.data). */
export function projectChange(context: ChangeContext) {
  return {
    booking: context.booking && {
      bookingId: context.booking.bookingId,
      departureId: context.booking.departureId,
      ref: context.booking.ref,
      ruleSet: context.booking.ruleSet,
      mode: context.booking.mode,
      departureAt: context.booking.departureAt,
      tickets: context.booking.tickets,
    },
    verification: context.verification,
    quote: context.quote,
    previousQuote: context.previousQuote,
    confirmation: context.confirmation,
    paymentRef: context.paymentRef,
    paymentFailures: context.paymentFailures,
    differenceRefund: context.differenceRefund,
    reissued: context.reissued,
    declined: context.declined,
    breaches: context.breaches,
  };
}

export const changeStateLabels = caseStateLabels.change;
