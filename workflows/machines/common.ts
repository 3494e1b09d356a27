/**
 * What the four case machines share: the base context built from CaseInput, the common events
 * (assignment, notes, priority, links), durable timers as context data, and time arithmetic on
 * ISO instants taken from `event.meta.at` (never from a clock).
 */
import type { Role } from '../../shared/roles';
import type { Priority, QueueName } from '../../shared/cases';
import { priorityRank, queuesByKind } from '../../shared/cases';
import type { LocalizedText } from '../../shared/case-events';
import type {
  Actor,
  BookingFacts,
  CaseContextBase,
  CaseInput,
  CommonEvent,
  EventMeta,
  Stamped,
  Timer,
  TicketFacts,
} from './contract';
import type { EFFECT_PREFIX, EffectMap, EffectName } from './effects';
import { PolicyError, formatYuan, shanghaiDateTime } from '../policy';
import { eligibleTickets } from './tickets';

export type { LocalizedText };

/** A timer that came due (SLA, refund deadline): kept for QA and reports; the state does not change. */
export type Breach = { key: string; event: string; dueAt: string; at: string };

/** Who did something, as recorded in a machine's context. */
export type ActorRef = { id: string; name: string; role: Actor['role'] };

/** Context every machine keeps on top of the contract's base. All plain JSON. */
export type CaseContext = CaseContextBase & {
  /** The booking the case is about (change, refund, complaint) or the one it created (booking). */
  booking: BookingFacts | null;
  createdAt: string;
  createdBy: ActorRef;
  /** Set when the case reaches a closed state (final, or complaint `closed`); cleared on REOPEN. */
  closedAt: string | null;
  breaches: Breach[];
};

export type CommonEventType = CommonEvent['type'];
export const commonEventTypes = [
  'ASSIGN',
  'UNASSIGN',
  'TRANSFER',
  'ADD_NOTE',
  'SET_PRIORITY',
  'LINK_CUSTOMER',
  'LINK_BOOKING',
] as const satisfies readonly CommonEventType[];

/** Roles that work cases (QA only reads). */
export const workers = ['agent', 'complaint_handler', 'supervisor', 'admin'] as const satisfies readonly Role[];
export const supervisors = ['supervisor', 'admin'] as const satisfies readonly Role[];
/** Booking, change and refund desks; complaint handlers work complaints. */
export const salesDesk = ['agent', 'supervisor', 'admin'] as const satisfies readonly Role[];

export const commonEventRoles: Record<CommonEventType, readonly Role[]> = {
  ASSIGN: workers,
  UNASSIGN: workers,
  TRANSFER: workers,
  ADD_NOTE: workers,
  // Priority orders everyone's queue: those who manage queues set it.
  SET_PRIORITY: ['complaint_handler', 'supervisor', 'admin'],
  LINK_CUSTOMER: workers,
  LINK_BOOKING: workers,
};

export function baseContext(input: CaseInput, queue: QueueName): CaseContext {
  return {
    caseId: input.caseId,
    ref: input.ref,
    kind: input.kind,
    channel: input.channel,
    subject: input.subject,
    customerId: input.customerId,
    bookingId: input.booking?.bookingId ?? null,
    booking: input.booking,
    // Whoever opens a case works it, when its queue is one they work (the engine decides).
    assignee: input.assignee ?? null,
    queue,
    priority: input.priority,
    notes: [],
    timers: [],
    config: input.config,
    createdAt: input.createdAt,
    createdBy: actorRef(input.createdBy),
    closedAt: null,
    breaches: [],
  };
}

export function actorRef(actor: Actor): ActorRef {
  return { id: actor.id, name: actor.name, role: actor.role };
}

export function isCommonEvent(event: { type: string }): event is Stamped<CommonEvent> {
  return (commonEventTypes as readonly string[]).includes(event.type);
}

/** The context change a common event makes. */
export function applyCommonEvent(context: CaseContext, event: Stamped<CommonEvent>): Partial<CaseContext> {
  switch (event.type) {
    case 'ASSIGN':
      return { assignee: event.assignee };
    case 'UNASSIGN':
      return { assignee: null };
    case 'TRANSFER':
      // Moving a case to another queue hands it back to that queue unless someone is named.
      return { queue: event.queue, assignee: event.assignee ?? null };
    case 'ADD_NOTE':
      return {
        notes: [
          ...context.notes,
          {
            id: event.noteId,
            at: event.meta.at,
            author: { id: event.meta.actor.id, name: event.meta.actor.name },
            text: event.text,
          },
        ],
      };
    case 'SET_PRIORITY':
      return { priority: event.priority };
    case 'LINK_CUSTOMER':
      return { customerId: event.customerId };
    case 'LINK_BOOKING':
      return { booking: event.booking, bookingId: event.booking.bookingId };
  }
}

/**
 * Root-level transitions for the common events, spread into each machine's root `on`. Each
 * machine's setup provides the `caseOpen` guard and the `applyCommonEvent` action.
 */
export const commonTransitions = {
  ASSIGN: { guard: 'commonEventChanges', actions: 'applyCommonEvent' },
  UNASSIGN: { guard: 'commonEventChanges', actions: 'applyCommonEvent' },
  TRANSFER: { guard: 'commonEventChanges', actions: 'applyCommonEvent' },
  ADD_NOTE: { guard: 'caseOpen', actions: 'applyCommonEvent' },
  SET_PRIORITY: { guard: 'commonEventChanges', actions: 'applyCommonEvent' },
  LINK_CUSTOMER: { guard: 'commonEventChanges', actions: 'applyCommonEvent' },
  LINK_BOOKING: { guard: 'commonEventChanges', actions: 'applyCommonEvent' },
} as const;

export function caseOpen(context: CaseContext): boolean {
  return context.closedAt === null;
}

/**
 * Why a common event would change nothing (or go where the case cannot be worked), or null when it
 * does something: such events are refused, and the ones without a payload are not offered at all.
 */
export function commonEventProblem(context: CaseContext, event: Stamped<CommonEvent>): LocalizedText | null {
  switch (event.type) {
    case 'ASSIGN':
      return context.assignee?.id === event.assignee.id
        ? text(`案件已分配给 ${event.assignee.name}`, `The case is already assigned to ${event.assignee.name}`)
        : null;
    case 'UNASSIGN':
      return context.assignee === null ? text('案件尚未分配给任何人', 'The case is not assigned to anyone') : null;
    case 'TRANSFER':
      if (!queuesByKind[context.kind].includes(event.queue)) {
        return text(
          `${context.kind} 案件不能转入 ${event.queue} 队列`,
          `A ${context.kind} case cannot be worked in the ${event.queue} queue`,
        );
      }
      return event.queue === context.queue && (event.assignee ?? null)?.id === context.assignee?.id
        ? text('案件已在该队列，且处理人未变', 'The case is already in that queue with that assignee')
        : null;
    case 'SET_PRIORITY':
      return event.priority === context.priority
        ? text('优先级没有变化', `The priority is already ${event.priority}`)
        : null;
    case 'LINK_CUSTOMER':
      return event.customerId === context.customerId
        ? text('案件已关联该客户', 'The case is already linked to this customer')
        : null;
    case 'LINK_BOOKING':
      return event.booking.bookingId === context.bookingId
        ? text(`案件已关联订单 ${event.booking.ref}`, `The case is already linked to booking ${event.booking.ref}`)
        : null;
    case 'ADD_NOTE':
      return null;
  }
}

/** Guard for the common events: the case is open and the event changes something. */
export function commonEventChanges(context: CaseContext, event: { type: string }): boolean {
  return (
    caseOpen(context) &&
    isCommonEvent(event as Stamped<CommonEvent>) &&
    commonEventProblem(context, event as Stamped<CommonEvent>) === null
  );
}

// ---------------------------------------------------------------------------------------------
// Timers (data, fired by the engine's timer job as `{ type: timer.event }`)

/** The context's timers with `key` set to fire `event` at `dueAt` (replacing a timer of that key). */
export function setTimer(context: Pick<CaseContext, 'timers'>, key: string, event: string, dueAt: string): Timer[] {
  return [...context.timers.filter((t) => t.key !== key), { key, event, dueAt }];
}

export function clearTimer(context: Pick<CaseContext, 'timers'>, key: string): Timer[] {
  return context.timers.filter((t) => t.key !== key);
}

export function findTimer(context: Pick<CaseContext, 'timers'>, key: string): Timer | undefined {
  return context.timers.find((t) => t.key === key);
}

/**
 * The timer `key` exists and is due at `at`. A timer event that finds no due timer is stale
 * (cleared or re-armed since the job read it) and is refused rather than acted on twice.
 */
export function timerDue(context: Pick<CaseContext, 'timers'>, key: string, at: string): boolean {
  const timer = findTimer(context, key);
  return timer !== undefined && toMillis(timer.dueAt) <= toMillis(at);
}

/** Record a due timer as a breach, clear it and raise the priority. */
export function recordBreach(
  context: Pick<CaseContext, 'timers' | 'breaches' | 'priority'>,
  key: string,
  meta: EventMeta,
  raiseTo: Priority,
): Pick<CaseContext, 'timers' | 'breaches' | 'priority'> {
  const timer = findTimer(context, key);
  return {
    timers: clearTimer(context, key),
    breaches: timer
      ? [...context.breaches, { key, event: timer.event, dueAt: timer.dueAt, at: meta.at }]
      : context.breaches,
    priority: raisePriority(context.priority, raiseTo),
  };
}

// ---------------------------------------------------------------------------------------------
// Time and priority

const MINUTE_MS = 60_000;

export function toMillis(instant: string): number {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new Error(`not an ISO instant: ${instant}`);
  return ms;
}

export function addMinutes(instant: string, minutes: number): string {
  return new Date(toMillis(instant) + minutes * MINUTE_MS).toISOString();
}

export function addHours(instant: string, hours: number): string {
  return addMinutes(instant, hours * 60);
}

export function addDays(instant: string, days: number): string {
  return addMinutes(instant, days * 24 * 60);
}

export function isAfter(a: string, b: string): boolean {
  return toMillis(a) > toMillis(b);
}

/** Never lowers a priority someone set by hand. */
export function raisePriority(current: Priority, atLeast: Priority): Priority {
  return priorityRank[atLeast] > priorityRank[current] ? atLeast : current;
}

// ---------------------------------------------------------------------------------------------
// Quotes and tickets shared by change and refund

/** A quote is what the customer agrees to: confirming one older than this needs a re-quote. */
export const QUOTE_VALID_MINUTES = 30;

export function quoteFresh(quotedAt: string, at: string): boolean {
  return toMillis(at) - toMillis(quotedAt) <= QUOTE_VALID_MINUTES * MINUTE_MS;
}

export const text = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en });

/** Yuan with two decimals and thousands grouped, without the sign: 140600 → "1,406.00". */
export function yuan(fen: number): string {
  return formatYuan(fen).replace('¥', '');
}

/** An instant as people on the desk read it, in Beijing time: "2026-05-19 10:05". */
export function beijingTime(instant: string): string {
  return shanghaiDateTime(toMillis(instant));
}

// The console shows this text as is: the instant is written in Beijing time, never as raw UTC.
export const staleQuoteReason = (quotedAt: string): LocalizedText => {
  const when = beijingTime(quotedAt);
  return text(
    `报价已超过 ${QUOTE_VALID_MINUTES} 分钟（报价时间 ${when}），请重新报价后再确认`,
    `The quote is more than ${QUOTE_VALID_MINUTES} minutes old (quoted at ${when}, Beijing time); re-quote before confirming`,
  );
};

/**
 * Why the selected tickets of a booking cannot be changed or refunded, or null when all can (the
 * rule is `eligibleTickets` in ./tickets.ts, shared with the quote service).
 * `requireUnchanged`: a ticket may be changed once only (refunds of changed tickets are fine).
 * `caseId`: the asking case; another case's live claim on a ticket refuses it, naming that case.
 */
export function ticketSelectionProblem(
  booking: BookingFacts | null,
  passengerIds: readonly string[],
  requireUnchanged: boolean,
  caseId: string | null = null,
): LocalizedText | null {
  if (!booking) return text('案件未关联订单', 'No booking is linked to the case');
  const eligible = eligibleTickets(booking, passengerIds, requireUnchanged ? 'change' : 'refund', caseId);
  return eligible.ok ? null : eligible.problem.message;
}

export function selectedTickets(booking: BookingFacts, passengerIds: readonly string[]): TicketFacts[] {
  return passengerIds.map((id) => {
    const ticket = booking.tickets.find((t) => t.passengerId === id);
    if (!ticket) throw new Error(`booking ${booking.ref} has no passenger ${id}`);
    return ticket;
  });
}

/**
 * Identity check shared by change and refund (VERIFY). The engine compares the ID number the
 * caller reads out and passes only the result.
 */
export function verifyProblem(
  booking: BookingFacts | null,
  customerId: string | null,
  requireUnchanged: boolean,
): LocalizedText | null {
  if (!customerId) return text('案件未关联客户', 'No customer is linked to the case');
  if (!booking) return text('案件未关联订单', 'No booking is linked to the case');
  const usable = booking.tickets.filter((t) => t.status === 'active' && !(requireUnchanged && t.changed));
  if (usable.length === 0) {
    return requireUnchanged
      ? text(
          `订单 ${booking.ref} 没有可改签的车票（已改签过的车票不能再次改签）`,
          `Booking ${booking.ref} has no ticket that can be changed (a ticket can be changed only once)`,
        )
      : text(`订单 ${booking.ref} 没有可退的车票`, `Booking ${booking.ref} has no active ticket to refund`);
  }
  return null;
}

export type Verification = {
  verifiedAt: string | null;
  verifiedBy: ActorRef | null;
  failedAttempts: { at: string; by: ActorRef }[];
};
export const emptyVerification: Verification = { verifiedAt: null, verifiedBy: null, failedAttempts: [] };

// ---------------------------------------------------------------------------------------------
// Effects

/**
 * Declarations of the effect actions for `setup({ actions })`. They do nothing: `transition()`
 * returns them with their params and the engine writes them to the outbox (see ./effects.ts).
 */
export const effectActions = {
  'effect.inventory.hold': (_: unknown, _params: EffectMap['inventory.hold']) => {},
  'effect.inventory.release': (_: unknown, _params: EffectMap['inventory.release']) => {},
  'effect.payment.collect': (_: unknown, _params: EffectMap['payment.collect']) => {},
  'effect.tickets.issue': (_: unknown, _params: EffectMap['tickets.issue']) => {},
  'effect.refund.submit': (_: unknown, _params: EffectMap['refund.submit']) => {},
  'effect.booking.markRefunded': (_: unknown, _params: EffectMap['booking.markRefunded']) => {},
  'effect.booking.reissue': (_: unknown, _params: EffectMap['booking.reissue']) => {},
  'effect.compensation.issue': (_: unknown, _params: EffectMap['compensation.issue']) => {},
  'effect.notify.customer': (_: unknown, _params: EffectMap['notify.customer']) => {},
} satisfies { [K in EffectName as `${typeof EFFECT_PREFIX}${K}`]: (_: unknown, params: EffectMap[K]) => void };

/**
 * Runs a policy quote; invalid input (PolicyError: a time before purchase, an unknown fare class)
 * comes back as a problem the agent can fix instead of an exception out of `transition()`.
 */
export function attemptQuote<T>(quote: () => T): { ok: true; value: T } | { ok: false; problem: LocalizedText } {
  try {
    return { ok: true, value: quote() };
  } catch (error) {
    if (error instanceof PolicyError) {
      const zh = (error.details as { 'zh-CN'?: unknown } | undefined)?.['zh-CN'];
      return { ok: false, problem: text(typeof zh === 'string' ? zh : error.message, error.message) };
    }
    throw error;
  }
}
