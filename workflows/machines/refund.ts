/**
 * Refund case (退票): verify the caller, quote the selected tickets with the policy engine, get the
 * customer's confirmation (and a supervisor's approval above the threshold or for a claimed
 * involuntary refund), pay out exactly once through the outbox. Queue: refunds (approvals while
 * awaiting approval, escalations when escalated).
 *
 * verifying → VERIFY → selecting → QUOTE_REFUND → quoted (or refused when the rules forbid it)
 *   → CUSTOMER_CONFIRMED → awaiting_approval → APPROVE → submitting | REJECT → rejected
 *                        → submitting (no approval needed) | settled (nothing to pay out)
 *   submitting → REFUND_SETTLED → settled → CLOSE → closed
 *              → REFUND_FAILED → failed → RETRY → submitting | ESCALATE → escalated
 *   escalated → RETRY → submitting | CLOSE → closed (supervisors)
 * CUSTOMER_DECLINED from verifying, selecting, quoted → declined.
 * cn-air refunds carry a 'deadline' timer (7 working days from confirmation): DEADLINE_BREACHED is
 * recorded and makes the case urgent; the state does not change.
 */
import { and, assign, setup, type StateValue } from 'xstate';
import type { Role } from '../../shared/roles';
import type { PassengerType } from '../../shared/bookings';
import { caseStateLabels } from '../../shared/case-events';
import {
  quoteRefund,
  quoteRefundWithVersion,
  refundDeadline,
  versionOfRuleId,
  type RefundQuote,
  type RefundQuoteInput,
  type RushPeriod,
} from '../policy';
import type { BookingFacts, CaseInput, CommonEvent, Stamped } from './contract';
import {
  actorRef,
  applyCommonEvent,
  attemptQuote,
  baseContext,
  caseOpen,
  commonEventChanges,
  clearTimer,
  commonEventRoles,
  commonTransitions,
  effectActions,
  emptyVerification,
  findTimer,
  isCommonEvent,
  quoteFresh,
  raisePriority,
  recordBreach,
  salesDesk,
  selectedTickets,
  setTimer,
  staleQuoteReason,
  supervisors,
  text,
  ticketSelectionProblem,
  timerDue,
  verifyProblem,
  type ActorRef,
  type CaseContext,
  type LocalizedText,
  type Verification,
} from './common';

export type RefundQuoteLine = {
  passengerId: string;
  passengerName: string;
  passengerType: PassengerType;
  classCode: string;
  fareFen: number;
  changed: boolean;
  quote: RefundQuote;
};

export type RefundQuoteSet = {
  quotedAt: string;
  quotedBy: ActorRef;
  passengerIds: string[];
  involuntary: boolean;
  reason: string;
  lines: RefundQuoteLine[];
  totalFeeFen: number;
  totalRefundFen: number;
  ruleIds: string[];
  explanations: LocalizedText[];
  /** The first ticket the rules refuse to refund, if any: the whole request is refused. */
  refusal: { passengerId: string; ruleId: string; explanation: LocalizedText } | null;
};

export type RefundContext = CaseContext & {
  verification: Verification;
  quote: RefundQuoteSet | null;
  /** The quote REQUOTE replaced, for the console to show old and new side by side. */
  previousQuote: RefundQuoteSet | null;
  confirmation: { at: string; by: ActorRef } | null;
  approval: { at: string; by: ActorRef; note: string | null } | null;
  rejection: { at: string; by: ActorRef; reason: string } | null;
  /** One entry per refund.submit effect: the payout attempts. */
  submissions: { at: string; amountFen: number }[];
  failures: { at: string; reason: string }[];
  settlement: { at: string; gatewayRef: string | null } | null;
  escalation: { at: string; by: ActorRef; reason: string } | null;
  declined: { at: string; by: ActorRef; reason: string | null } | null;
};

type QuoteRequest = {
  passengerIds: string[];
  involuntary?: boolean;
  reason: string;
  /**
   * Engine-supplied: the selected passengers whose free mistaken-purchase refund is used up today
   * (cn-rail from 2026-02-02: the purchasing account had one on another order; see policy/mistaken-purchase.ts).
   */
  mistakenPurchaseUsedToday?: string[];
  /** Engine-supplied: the Spring Festival rush years an admin entered (on top of the published ones). */
  springFestivalRush?: RushPeriod[];
  /** Engine-supplied: the booking as it is now (ticket states, other cases' claims); quoted instead of the copy made at creation. */
  booking?: BookingFacts;
};

export type RefundEvent = Stamped<
  | CommonEvent
  | { type: 'VERIFY'; identityVerified: boolean }
  | ({ type: 'QUOTE_REFUND' } & QuoteRequest)
  | ({ type: 'REQUOTE' } & QuoteRequest)
  | { type: 'CUSTOMER_CONFIRMED' }
  | { type: 'CUSTOMER_DECLINED'; reason?: string }
  | { type: 'APPROVE'; note?: string }
  | { type: 'REJECT'; reason: string }
  | { type: 'REFUND_SETTLED'; gatewayRef: string }
  | { type: 'REFUND_FAILED'; reason: string }
  | { type: 'RETRY' }
  | { type: 'ESCALATE'; reason: string }
  | { type: 'DEADLINE_BREACHED' }
  | { type: 'CLOSE' }
>;
export type RefundEventType = RefundEvent['type'];

export const refundEventRoles: Record<RefundEventType, readonly Role[]> = {
  ...commonEventRoles,
  VERIFY: salesDesk,
  QUOTE_REFUND: salesDesk,
  REQUOTE: salesDesk,
  CUSTOMER_CONFIRMED: salesDesk,
  CUSTOMER_DECLINED: salesDesk,
  APPROVE: supervisors,
  REJECT: supervisors,
  RETRY: salesDesk,
  ESCALATE: salesDesk,
  CLOSE: salesDesk,
  REFUND_SETTLED: [],
  REFUND_FAILED: [],
  DEADLINE_BREACHED: [],
};

/**
 * Narrower roles for an event in one state (the machine's guards enforce them too): once a failed
 * refund is escalated, only supervisors retry or close it.
 */
export const refundStateEventRoles: Record<string, Partial<Record<RefundEventType, readonly Role[]>>> = {
  escalated: { RETRY: supervisors, CLOSE: supervisors },
};

type QuoteEvent = Extract<RefundEvent, { type: 'QUOTE_REFUND' | 'REQUOTE' }>;

/**
 * Quotes refunding the selected tickets, one quoteRefund per ticket (the fee is the policy
 * engine's, never recomputed here), or says why the selection itself is wrong.
 */
export function priceRefund(
  booking: BookingFacts | null,
  event: QuoteEvent,
  caseId: string | null = null,
  /** A requote keeps the rule-set version the case was quoted under, even if a newer one came into force since. */
  pinnedVersion: string | null = null,
): { ok: true; quote: RefundQuoteSet } | { ok: false; problem: LocalizedText } {
  // A pin from another rule set (the case was re-linked to another booking) does not apply.
  const pin = pinnedVersion?.startsWith(`${booking?.ruleSet ?? ''}@`) ? pinnedVersion : null;
  const quoteTicket = (input: RefundQuoteInput) => (pin ? quoteRefundWithVersion(input, pin) : quoteRefund(input));
  const selectionProblem = ticketSelectionProblem(booking, event.passengerIds, false, caseId);
  if (selectionProblem || !booking)
    return { ok: false, problem: selectionProblem ?? text('案件未关联订单', 'No booking is linked to the case') };
  const involuntary = event.involuntary ?? false;
  const lines: RefundQuoteLine[] = [];
  for (const ticket of selectedTickets(booking, event.passengerIds)) {
    const attempt = attemptQuote(() =>
      quoteTicket({
        ruleSet: booking.ruleSet,
        fareFen: ticket.fareFen,
        purchasedAt: booking.purchasedAt,
        paidAt: booking.paidAt,
        sale: booking.sale ?? null,
        departureAt: booking.departureAt,
        requestedAt: event.meta.at,
        changed: ticket.changed,
        involuntary,
        mistakenPurchaseUsedToday: event.mistakenPurchaseUsedToday?.includes(ticket.passengerId) ?? false,
        springFestivalRush: event.springFestivalRush ?? [],
        changedAt: ticket.changedAt ?? null,
        originalDepartureAt: ticket.originalDepartureAt ?? null,
        fareClass: booking.ruleSet === 'cn-air' ? ticket.classCode : undefined,
        taxes: ticket.taxes ?? null,
        organizer: booking.ruleSet === 'event' ? (booking.organizer ?? undefined) : undefined,
        boardingStation: booking.origin ?? null,
        // Organizers may refund whole orders only: does the request cover every active ticket?
        wholeOrder: booking.tickets.every((t) => t.status !== 'active' || event.passengerIds.includes(t.passengerId)),
      }),
    );
    if (!attempt.ok) return attempt;
    lines.push({
      passengerId: ticket.passengerId,
      passengerName: ticket.passengerName,
      passengerType: ticket.passengerType,
      classCode: ticket.classCode,
      fareFen: ticket.fareFen,
      changed: ticket.changed,
      quote: attempt.value,
    });
  }
  const refused = lines.find((l) => !l.quote.allowed);
  return {
    ok: true,
    quote: {
      quotedAt: event.meta.at,
      quotedBy: actorRef(event.meta.actor),
      passengerIds: [...event.passengerIds],
      involuntary,
      reason: event.reason,
      lines,
      totalFeeFen: lines.reduce((s, l) => s + l.quote.feeFen, 0),
      totalRefundFen: lines.reduce((s, l) => s + l.quote.refundFen, 0),
      ruleIds: [...new Set(lines.map((l) => l.quote.ruleId))],
      explanations: lines.map((l) => l.quote.explanation),
      refusal: refused
        ? { passengerId: refused.passengerId, ruleId: refused.quote.ruleId, explanation: refused.quote.explanation }
        : null,
    },
  };
}

/** A requote keeps the version the case was quoted under (cases quoted before a new version keep theirs). */
function pinnedVersion(context: RefundContext, event: QuoteEvent): string | null {
  const first = context.quote?.lines[0];
  return event.type === 'REQUOTE' && first ? versionOfRuleId(first.quote.ruleId) : null;
}

function requestQuote(context: RefundContext, event: RefundEvent): RefundQuoteSet | null {
  if (event.type !== 'QUOTE_REFUND' && event.type !== 'REQUOTE') return null;
  const priced = priceRefund(event.booking ?? context.booking, event, context.caseId, pinnedVersion(context, event));
  return priced.ok ? priced.quote : null;
}

function currentQuote(context: RefundContext): RefundQuoteSet {
  if (!context.quote) throw new Error(`refund case ${context.ref} has no quote in a state that needs one`);
  return context.quote;
}

function bookingOf(context: RefundContext): BookingFacts {
  if (!context.booking) throw new Error(`refund case ${context.ref} has no booking in a state that needs one`);
  return context.booking;
}

/**
 * Above the configured threshold, a claim that the carrier is at fault, or a ticket only a manual
 * step may refund (cn-rail after departure: the supervisor records the station's approval; cn-air
 * after departure: the carrier's no-show conditions) needs a supervisor.
 */
export function refundNeedsApproval(
  quote: Pick<RefundQuoteSet, 'totalRefundFen' | 'involuntary' | 'lines'>,
  config: RefundContext['config'],
): boolean {
  return (
    quote.totalRefundFen > config.refundApprovalThresholdFen ||
    quote.involuntary ||
    quote.lines.some((l) => l.quote.manualStep !== undefined)
  );
}

const isSupervisor = (role: string) => (supervisors as readonly string[]).includes(role);

const { LINK_CUSTOMER, LINK_BOOKING, ...openTransitions } = commonTransitions;

export const refundMachine = setup({
  types: {
    context: {} as RefundContext,
    events: {} as RefundEvent,
    input: {} as CaseInput,
  },
  guards: {
    caseOpen: ({ context }) => caseOpen(context),
    commonEventChanges: ({ context, event }) => commonEventChanges(context, event),
    identityConfirmed: ({ context, event }) =>
      event.type === 'VERIFY' &&
      event.identityVerified &&
      verifyProblem(context.booking, context.customerId, false) === null,
    identityMismatch: ({ context, event }) =>
      event.type === 'VERIFY' &&
      !event.identityVerified &&
      verifyProblem(context.booking, context.customerId, false) === null,
    refundQuotable: ({ context, event }) => requestQuote(context, event)?.refusal === null,
    refundRefusedByRules: ({ context, event }) => (requestQuote(context, event)?.refusal ?? null) !== null,
    quoteFresh: ({ context, event }) => context.quote !== null && quoteFresh(context.quote.quotedAt, event.meta.at),
    needsApproval: ({ context }) => context.quote !== null && refundNeedsApproval(context.quote, context.config),
    nothingToPay: ({ context }) => context.quote?.totalRefundFen === 0,
    // Four eyes: whoever recorded the customer's confirmation does not approve the payout too.
    notSelfApproval: ({ context, event }) => context.confirmation?.by.id !== event.meta.actor.id,
    actorIsSupervisor: ({ event }) => isSupervisor(event.meta.actor.role),
    deadlineDue: ({ context, event }) => timerDue(context, 'deadline', event.meta.at),
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
      const quote = requestQuote(context, event);
      if (!quote) return {};
      const fresh = event.type === 'QUOTE_REFUND' || event.type === 'REQUOTE' ? event.booking : undefined;
      return {
        quote,
        previousQuote: event.type === 'REQUOTE' ? context.quote : null,
        ...(fresh ? { booking: fresh } : {}),
      };
    }),
    recordConfirmation: assign(({ context, event }) => {
      const booking = bookingOf(context);
      // The application is valid once the customer confirms: the cn-air 7-working-day clock starts here.
      const deadline = refundDeadline({
        ruleSet: booking.ruleSet,
        purchasedAt: booking.purchasedAt,
        requestedAt: event.meta.at,
      });
      return {
        confirmation: { at: event.meta.at, by: actorRef(event.meta.actor) },
        timers: deadline ? setTimer(context, 'deadline', 'DEADLINE_BREACHED', deadline) : context.timers,
      };
    }),
    recordApproval: assign(({ event }) =>
      event.type === 'APPROVE'
        ? { approval: { at: event.meta.at, by: actorRef(event.meta.actor), note: event.note ?? null } }
        : {},
    ),
    recordRejection: assign(({ event }) =>
      event.type === 'REJECT'
        ? { rejection: { at: event.meta.at, by: actorRef(event.meta.actor), reason: event.reason } }
        : {},
    ),
    recordSubmission: assign(({ context, event }) => ({
      queue: 'refunds' as const,
      submissions: [...context.submissions, { at: event.meta.at, amountFen: currentQuote(context).totalRefundFen }],
    })),
    recordSettlement: assign(({ context, event }) => ({
      settlement: { at: event.meta.at, gatewayRef: event.type === 'REFUND_SETTLED' ? event.gatewayRef : null },
      timers: clearTimer(context, 'deadline'),
    })),
    recordFailure: assign(({ context, event }) =>
      event.type === 'REFUND_FAILED'
        ? {
            failures: [...context.failures, { at: event.meta.at, reason: event.reason }],
            priority: raisePriority(context.priority, 'high'),
          }
        : {},
    ),
    recordEscalation: assign(({ context, event }) =>
      event.type === 'ESCALATE'
        ? {
            escalation: { at: event.meta.at, by: actorRef(event.meta.actor), reason: event.reason },
            queue: 'escalations' as const,
            priority: raisePriority(context.priority, 'high'),
          }
        : {},
    ),
    recordDeadlineBreach: assign(({ context, event }) => recordBreach(context, 'deadline', event.meta, 'urgent')),
    recordDecline: assign(({ event }) =>
      event.type === 'CUSTOMER_DECLINED'
        ? { declined: { at: event.meta.at, by: actorRef(event.meta.actor), reason: event.reason ?? null } }
        : {},
    ),
    queueForApproval: assign({ queue: 'approvals' as const }),
    markClosed: assign(({ event }) => ({ closedAt: event.meta.at, timers: [] })),
  },
}).createMachine({
  id: 'refund',
  context: ({ input }) => ({
    ...baseContext(input, 'refunds'),
    verification: emptyVerification,
    quote: null,
    previousQuote: null,
    confirmation: null,
    approval: null,
    rejection: null,
    submissions: [],
    failures: [],
    settlement: null,
    escalation: null,
    declined: null,
  }),
  initial: 'verifying',
  on: {
    // Customer and booking can be (re)linked only before the identity check they are checked by.
    ...openTransitions,
    DEADLINE_BREACHED: { guard: and(['caseOpen', 'deadlineDue']), actions: 'recordDeadlineBreach' },
  },
  states: {
    verifying: {
      on: {
        LINK_CUSTOMER,
        LINK_BOOKING,
        VERIFY: [
          { guard: 'identityConfirmed', target: 'selecting', actions: 'recordVerified' },
          { guard: 'identityMismatch', actions: 'recordFailedVerification' },
        ],
        CUSTOMER_DECLINED: { target: 'declined', actions: 'recordDecline' },
      },
    },
    selecting: {
      on: {
        QUOTE_REFUND: [
          { guard: 'refundRefusedByRules', target: 'refused', actions: 'storeQuote' },
          { guard: 'refundQuotable', target: 'quoted', actions: 'storeQuote' },
        ],
        CUSTOMER_DECLINED: { target: 'declined', actions: 'recordDecline' },
      },
    },
    quoted: {
      on: {
        REQUOTE: [
          { guard: 'refundRefusedByRules', target: 'refused', actions: 'storeQuote' },
          { guard: 'refundQuotable', target: 'quoted', actions: 'storeQuote' },
        ],
        CUSTOMER_CONFIRMED: [
          { guard: and(['quoteFresh', 'needsApproval']), target: 'awaiting_approval', actions: 'recordConfirmation' },
          { guard: and(['quoteFresh', 'nothingToPay']), target: 'settled', actions: 'recordConfirmation' },
          { guard: 'quoteFresh', target: 'submitting', actions: 'recordConfirmation' },
        ],
        CUSTOMER_DECLINED: { target: 'declined', actions: 'recordDecline' },
      },
    },
    awaiting_approval: {
      entry: 'queueForApproval',
      on: {
        APPROVE: { guard: 'notSelfApproval', target: 'submitting', actions: 'recordApproval' },
        REJECT: {
          target: 'rejected',
          actions: [
            'recordRejection',
            {
              type: 'effect.notify.customer',
              params: ({ context, event }) => ({
                customerId: context.customerId,
                template: 'refund_rejected',
                params: { bookingRef: bookingOf(context).ref, reason: event.reason },
              }),
            },
          ],
        },
      },
    },
    submitting: {
      // Entry, not the transitions into it: each time the case enters submitting, one payout.
      entry: [
        {
          type: 'effect.refund.submit',
          params: ({ context }) => ({
            amountFen: currentQuote(context).totalRefundFen,
            bookingId: context.bookingId,
            passengerIds: currentQuote(context).passengerIds,
            reason: currentQuote(context).reason,
          }),
        },
        'recordSubmission',
      ],
      on: {
        REFUND_SETTLED: { target: 'settled' },
        REFUND_FAILED: { target: 'failed', actions: 'recordFailure' },
      },
    },
    settled: {
      entry: [
        'recordSettlement',
        {
          type: 'effect.booking.markRefunded',
          params: ({ context }) => ({
            bookingId: bookingOf(context).bookingId,
            passengerIds: currentQuote(context).passengerIds,
          }),
        },
        {
          type: 'effect.notify.customer',
          params: ({ context }) => ({
            customerId: context.customerId,
            template: 'refund_settled',
            params: {
              bookingRef: bookingOf(context).ref,
              refundFen: currentQuote(context).totalRefundFen,
              feeFen: currentQuote(context).totalFeeFen,
            },
          }),
        },
      ],
      on: { CLOSE: 'closed' },
    },
    failed: {
      on: {
        RETRY: 'submitting',
        ESCALATE: { target: 'escalated', actions: 'recordEscalation' },
      },
    },
    escalated: {
      on: {
        RETRY: { guard: 'actorIsSupervisor', target: 'submitting' },
        CLOSE: { guard: 'actorIsSupervisor', target: 'closed' },
      },
    },
    closed: { type: 'final', entry: 'markClosed' },
    declined: { type: 'final', entry: 'markClosed' },
    refused: { type: 'final', entry: 'markClosed' },
    rejected: { type: 'final', entry: 'markClosed' },
  },
});

/** Why a refund event with this payload is refused in this state, when the state accepts its type. */
export function explainRefundRefusal(
  snapshot: { value: StateValue; context: RefundContext },
  event: RefundEvent,
): LocalizedText | null {
  const { context, value } = snapshot;
  if (!caseOpen(context)) return text('案件已结案', 'The case is closed');
  const stateRoles = typeof value === 'string' ? refundStateEventRoles[value]?.[event.type] : undefined;
  if (stateRoles && event.meta.actor.role !== 'system' && !stateRoles.includes(event.meta.actor.role)) {
    return text(
      `升级后的退款只能由主管处理`,
      `Once escalated, only ${stateRoles.join(' or ')} may ${event.type === 'RETRY' ? 'retry' : 'close'} the refund`,
    );
  }
  switch (event.type) {
    case 'VERIFY':
      return verifyProblem(context.booking, context.customerId, false);
    case 'QUOTE_REFUND':
    case 'REQUOTE': {
      const priced = priceRefund(
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
    case 'APPROVE':
      return context.confirmation?.by.id === event.meta.actor.id
        ? text(
            '确认客户意愿的人不能同时审批此退款',
            'The person who recorded the customer’s confirmation cannot also approve the refund',
          )
        : null;
    case 'DEADLINE_BREACHED':
      return timerDue(context, 'deadline', event.meta.at)
        ? null
        : text('退款时限尚未到期', 'The refund deadline is not due');
    default:
      return null;
  }
}

/** What the console shows of a refund case (CaseDetail.data). */
export function projectRefund(context: RefundContext) {
  const deadline = findTimer(context, 'deadline');
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
    needsApproval: context.quote ? refundNeedsApproval(context.quote, context.config) : null,
    approvalThresholdFen: context.config.refundApprovalThresholdFen,
    confirmation: context.confirmation,
    approval: context.approval,
    rejection: context.rejection,
    submissions: context.submissions,
    failures: context.failures,
    settlement: context.settlement,
    escalation: context.escalation,
    declined: context.declined,
    deadlineAt: deadline?.dueAt ?? null,
    breaches: context.breaches,
  };
}

export const refundStateLabels = caseStateLabels.refund;
