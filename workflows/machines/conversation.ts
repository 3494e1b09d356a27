/**
 * Conversation: one live contact (a call, a chat or a callback attempt). Pure, like the case
 * machines: time comes from `event.meta.at`, timers are data in `context.timers` fired by the
 * conversation timer job as ordinary events. The stored `status` is the top-level state name
 * (shared/conversations.ts conversationStatuses).
 *
 *   queued ── OFFER{agent} ──▶ offered ── ACCEPT | ANSWER ──▶ active ── END ──▶ wrap_up ── WRAP_UP_DONE{disposition} | WRAP_UP_DUE ──▶ ended
 *   offered ── DECLINE | OFFER_EXPIRED | QUEUE ──▶ queued
 *   queued ── ANSWER{agent} ──▶ active                (a phone answered without an offer from us)
 *   queued | offered ── MISS ──▶ missed               (rang and nobody took it)
 *   queued | offered ── ABANDON ──▶ abandoned         (the customer hung up or left first)
 *   active.talking ── HOLD ──▶ active.held ── RESUME ──▶ active.talking   (hold time adds up in holdMs)
 *   active ── TRANSFER{agent} ──▶ offered (to them);  TRANSFER{queue} ──▶ queued (in that queue)
 *   active (callback) ── CALLBACK_OUTCOME{no_answer | cancelled} ──▶ ended;  {reached} stays active
 *   queued | offered (callback) ── CALLBACK_OUTCOME{cancelled} ──▶ ended
 *   any state ── LINK_CASE{caseId} | LINK_CUSTOMER{customerId}       (also after the contact ended)
 *   ended ── RATE{score, comment}                                     (web chat's end-of-chat rating: csat)
 *
 * Who sends what: wt-router sends QUEUE/OFFER/OFFER_EXPIRED(timer)/DECLINE; agents ACCEPT,
 * DECLINE, END (chats), WRAP_UP_DONE, LINK_CASE; the telephony webhook sends ANSWER, HOLD, RESUME,
 * TRANSFER, END, MISS for calls; web chat sends ABANDON (customer left), END, RATE.
 * Timers: 'offer' (OFFER_EXPIRED, config.offerSeconds after OFFER), 'wrapUp' (WRAP_UP_DUE,
 * config.wrapUpSeconds after END). Callback promises (due time, retries, breach) live on the
 * callback record (server/src/conversations/callbacks.ts), which opens a `callback` conversation
 * when it comes due.
 */
import { assertEvent, assign, setup } from 'xstate';
import type { Role } from '../../shared/roles';
import type { ConversationChannel, ConversationStatus } from '../../shared/conversations';
import type { Stamped, Timer } from './contract';
import { actorRef, clearTimer, setTimer, timerDue, toMillis, type ActorRef } from './common';

export type AgentRef = { id: string; name: string };

export type ConversationConfig = {
  /** Seconds an offer waits for the agent before it goes back to the queue. */
  offerSeconds: number;
  /** Seconds of after-call work before the conversation ends by itself (WRAP_UP_SECONDS, default 60). */
  wrapUpSeconds: number;
};
export const defaultConversationConfig: ConversationConfig = { offerSeconds: 30, wrapUpSeconds: 60 };

export type CallbackOutcome = 'reached' | 'no_answer' | 'cancelled';

export type ConversationInput = {
  conversationId: string;
  channel: ConversationChannel;
  queue: string;
  customerId: string | null;
  phone: string | null;
  externalId: string | null;
  /** The callback record this attempt belongs to (channel 'callback'). */
  callbackId?: string | null;
  createdAt: string;
  config: ConversationConfig;
};

export type ConversationContext = {
  conversationId: string;
  channel: ConversationChannel;
  queue: string;
  customerId: string | null;
  phone: string | null;
  externalId: string | null;
  callbackId: string | null;
  /** Who works it (set on ACCEPT/ANSWER) or who it is offered to (offered). */
  agent: AgentRef | null;
  caseIds: string[];
  queuedAt: string;
  offeredAt: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  wrapUpEndAt: string | null;
  holdStartedAt: string | null;
  holdMs: number;
  disposition: string | null;
  /** Offers that came back: declined by the agent or expired. */
  declines: { agentId: string; at: string; reason: 'declined' | 'expired' }[];
  transfers: { at: string; by: ActorRef; toAgent: AgentRef | null; toQueue: string | null }[];
  callbackOutcome: CallbackOutcome | null;
  csat: { score: number; comment: string | null; at: string } | null;
  timers: Timer[];
  config: ConversationConfig;
};

export type ConversationEvent = Stamped<
  | { type: 'QUEUE'; queue?: string }
  | { type: 'OFFER'; agent: AgentRef }
  | { type: 'ACCEPT' }
  | { type: 'DECLINE' }
  | { type: 'OFFER_EXPIRED' }
  | { type: 'ANSWER'; agent?: AgentRef }
  | { type: 'HOLD' }
  | { type: 'RESUME' }
  | { type: 'TRANSFER'; agent?: AgentRef; queue?: string }
  | { type: 'END' }
  | { type: 'MISS' }
  | { type: 'ABANDON' }
  | { type: 'WRAP_UP_DONE'; disposition: string }
  | { type: 'WRAP_UP_DUE' }
  | { type: 'LINK_CASE'; caseId: string }
  | { type: 'LINK_CUSTOMER'; customerId: string }
  | { type: 'CALLBACK_OUTCOME'; outcome: CallbackOutcome }
  | { type: 'RATE'; score: number; comment?: string | null }
>;
export type ConversationEventType = ConversationEvent['type'];

const workers = ['agent', 'complaint_handler', 'supervisor', 'admin'] as const satisfies readonly Role[];
const overseers = ['supervisor', 'admin'] as const satisfies readonly Role[];

/** Roles that may send each event (`[]`: the system only: timers, the router, the phone system, web chat). */
export const conversationEventRoles: Record<ConversationEventType, readonly Role[]> = {
  QUEUE: overseers,
  OFFER: overseers,
  ACCEPT: workers,
  DECLINE: workers,
  OFFER_EXPIRED: [],
  ANSWER: workers,
  HOLD: workers,
  RESUME: workers,
  TRANSFER: workers,
  END: workers,
  MISS: [],
  ABANDON: [],
  WRAP_UP_DONE: workers,
  WRAP_UP_DUE: [],
  LINK_CASE: workers,
  LINK_CUSTOMER: workers,
  CALLBACK_OUTCOME: workers,
  RATE: [],
};

/** Disposition codes an agent picks at wrap-up (the console shows them translated). */
export { dispositions, type Disposition } from '../../shared/conversations';

const SECOND_MS = 1000;
const addSeconds = (instant: string, seconds: number) =>
  new Date(toMillis(instant) + seconds * SECOND_MS).toISOString();

/** Hold time so far, including a hold still running at `at`. */
function holdTotal(context: ConversationContext, at: string): number {
  return context.holdMs + (context.holdStartedAt ? Math.max(0, toMillis(at) - toMillis(context.holdStartedAt)) : 0);
}

const isSystem = (event: ConversationEvent) => event.meta.actor.role === 'system';
const isOverseer = (event: ConversationEvent) => (overseers as readonly string[]).includes(event.meta.actor.role);

export const conversationMachine = setup({
  types: {
    context: {} as ConversationContext,
    events: {} as ConversationEvent,
    input: {} as ConversationInput,
  },
  guards: {
    /** Only the agent it is offered to (or a supervisor, or the system) takes or declines an offer. */
    isOfferee: ({ context, event }) =>
      isSystem(event) || isOverseer(event) || (context.agent !== null && context.agent.id === event.meta.actor.id),
    /** The agent working it (or a supervisor, or the system) acts on a live contact. */
    isWorker: ({ context, event }) =>
      isSystem(event) || isOverseer(event) || (context.agent !== null && context.agent.id === event.meta.actor.id),
    offerTimerDue: ({ context, event }) => timerDue(context, 'offer', event.meta.at),
    wrapUpTimerDue: ({ context, event }) => timerDue(context, 'wrapUp', event.meta.at),
    answerHasAgent: ({ context, event }) => {
      assertEvent(event, 'ANSWER');
      return event.agent !== undefined || context.agent !== null || event.meta.actor.role !== 'system';
    },
    transferHasTarget: ({ event }) => {
      assertEvent(event, 'TRANSFER');
      return (event.agent !== undefined) !== (event.queue !== undefined);
    },
    transferToAgent: ({ event }) => {
      assertEvent(event, 'TRANSFER');
      return event.agent !== undefined;
    },
    newCase: ({ context, event }) => {
      assertEvent(event, 'LINK_CASE');
      return !context.caseIds.includes(event.caseId);
    },
    newCustomer: ({ context, event }) => {
      assertEvent(event, 'LINK_CUSTOMER');
      return context.customerId !== event.customerId;
    },
    isCallback: ({ context }) => context.channel === 'callback',
    outcomeEnds: ({ context, event }) => {
      assertEvent(event, 'CALLBACK_OUTCOME');
      return context.channel === 'callback' && event.outcome !== 'reached';
    },
    outcomeCancels: ({ context, event }) => {
      assertEvent(event, 'CALLBACK_OUTCOME');
      return context.channel === 'callback' && event.outcome === 'cancelled';
    },
    outcomeReached: ({ context, event }) => {
      assertEvent(event, 'CALLBACK_OUTCOME');
      return context.channel === 'callback' && event.outcome === 'reached' && context.callbackOutcome === null;
    },
    validRating: ({ context, event }) => {
      assertEvent(event, 'RATE');
      return context.csat === null && Number.isInteger(event.score) && event.score >= 1 && event.score <= 5;
    },
    validDisposition: ({ event }) => {
      assertEvent(event, 'WRAP_UP_DONE');
      return event.disposition.trim().length > 0 && event.disposition.length <= 40;
    },
  },
  actions: {
    requeue: assign(({ context, event }) => {
      const queue = event.type === 'QUEUE' && event.queue ? event.queue : context.queue;
      const declined =
        event.type === 'DECLINE' || event.type === 'OFFER_EXPIRED'
          ? [
              ...context.declines,
              {
                agentId: context.agent?.id ?? '',
                at: event.meta.at,
                reason: event.type === 'DECLINE' ? ('declined' as const) : ('expired' as const),
              },
            ]
          : context.declines;
      return {
        queue,
        agent: null,
        offeredAt: null,
        declines: declined,
        // Declined, lapsed or taken back: it waits on with its original age (the router offers the oldest first).
        queuedAt: context.queuedAt,
        timers: clearTimer(context, 'offer'),
      };
    }),
    changeQueue: assign(({ context, event }) => {
      assertEvent(event, 'QUEUE');
      return { queue: event.queue ?? context.queue };
    }),
    offer: assign(({ context, event }) => {
      assertEvent(event, 'OFFER');
      return {
        agent: event.agent,
        offeredAt: event.meta.at,
        timers: setTimer(context, 'offer', 'OFFER_EXPIRED', addSeconds(event.meta.at, context.config.offerSeconds)),
      };
    }),
    answer: assign(({ context, event }) => {
      const agent =
        event.type === 'ANSWER' && event.agent
          ? event.agent
          : (context.agent ??
            (event.meta.actor.role === 'system' ? null : { id: event.meta.actor.id, name: event.meta.actor.name }));
      return {
        agent,
        answeredAt: context.answeredAt ?? event.meta.at,
        offeredAt: context.offeredAt ?? event.meta.at,
        timers: clearTimer(context, 'offer'),
      };
    }),
    startHold: assign(({ event }) => ({ holdStartedAt: event.meta.at })),
    endHold: assign(({ context, event }) => ({ holdMs: holdTotal(context, event.meta.at), holdStartedAt: null })),
    transfer: assign(({ context, event }) => {
      assertEvent(event, 'TRANSFER');
      const base = {
        holdMs: holdTotal(context, event.meta.at),
        holdStartedAt: null,
        transfers: [
          ...context.transfers,
          {
            at: event.meta.at,
            by: actorRef(event.meta.actor),
            toAgent: event.agent ?? null,
            toQueue: event.queue ?? null,
          },
        ],
      };
      if (event.agent) {
        return {
          ...base,
          agent: event.agent,
          offeredAt: event.meta.at,
          timers: setTimer(context, 'offer', 'OFFER_EXPIRED', addSeconds(event.meta.at, context.config.offerSeconds)),
        };
      }
      return { ...base, agent: null, offeredAt: null, queuedAt: event.meta.at, queue: event.queue ?? context.queue };
    }),
    startWrapUp: assign(({ context, event }) => {
      const wrapUpEndAt = addSeconds(event.meta.at, context.config.wrapUpSeconds);
      return {
        endedAt: event.meta.at,
        wrapUpEndAt,
        holdMs: holdTotal(context, event.meta.at),
        holdStartedAt: null,
        timers: setTimer({ timers: clearTimer(context, 'offer') }, 'wrapUp', 'WRAP_UP_DUE', wrapUpEndAt),
      };
    }),
    finishWrapUp: assign(({ context, event }) => ({
      disposition: event.type === 'WRAP_UP_DONE' ? event.disposition.trim() : context.disposition,
      wrapUpEndAt: event.type === 'WRAP_UP_DONE' ? event.meta.at : context.wrapUpEndAt,
      timers: clearTimer(context, 'wrapUp'),
    })),
    stopWithoutAnswer: assign(({ event }) => ({ endedAt: event.meta.at, timers: [] })),
    linkCase: assign(({ context, event }) => {
      assertEvent(event, 'LINK_CASE');
      return { caseIds: [...context.caseIds, event.caseId] };
    }),
    linkCustomer: assign(({ event }) => {
      assertEvent(event, 'LINK_CUSTOMER');
      return { customerId: event.customerId };
    }),
    recordOutcome: assign(({ context, event }) => {
      assertEvent(event, 'CALLBACK_OUTCOME');
      const ends = event.outcome !== 'reached';
      return {
        callbackOutcome: event.outcome,
        ...(ends
          ? {
              disposition: `callback_${event.outcome}`,
              endedAt: event.meta.at,
              holdMs: holdTotal(context, event.meta.at),
              holdStartedAt: null,
              timers: [],
            }
          : {}),
      };
    }),
    rate: assign(({ event }) => {
      assertEvent(event, 'RATE');
      return { csat: { score: event.score, comment: event.comment ?? null, at: event.meta.at } };
    }),
  },
}).createMachine({
  id: 'conversation',
  initial: 'queued',
  context: ({ input }) => ({
    conversationId: input.conversationId,
    channel: input.channel,
    queue: input.queue,
    customerId: input.customerId,
    phone: input.phone,
    externalId: input.externalId,
    callbackId: input.callbackId ?? null,
    agent: null,
    caseIds: [],
    queuedAt: input.createdAt,
    offeredAt: null,
    answeredAt: null,
    endedAt: null,
    wrapUpEndAt: null,
    holdStartedAt: null,
    holdMs: 0,
    disposition: null,
    declines: [],
    transfers: [],
    callbackOutcome: null,
    csat: null,
    timers: [],
    config: input.config,
  }),
  on: {
    LINK_CASE: { guard: 'newCase', actions: 'linkCase' },
    LINK_CUSTOMER: { guard: 'newCustomer', actions: 'linkCustomer' },
  },
  states: {
    queued: {
      on: {
        QUEUE: { actions: 'changeQueue' },
        OFFER: { target: 'offered', actions: 'offer' },
        ANSWER: { target: 'active', guard: 'answerHasAgent', actions: 'answer' },
        MISS: { target: 'missed', actions: 'stopWithoutAnswer' },
        ABANDON: { target: 'abandoned', actions: 'stopWithoutAnswer' },
        CALLBACK_OUTCOME: { target: 'ended', guard: 'outcomeCancels', actions: 'recordOutcome' },
      },
    },
    offered: {
      on: {
        ACCEPT: { target: 'active', guard: 'isOfferee', actions: 'answer' },
        ANSWER: { target: 'active', guard: 'answerHasAgent', actions: 'answer' },
        DECLINE: { target: 'queued', guard: 'isOfferee', actions: 'requeue' },
        OFFER_EXPIRED: { target: 'queued', guard: 'offerTimerDue', actions: 'requeue' },
        QUEUE: { target: 'queued', actions: 'requeue' },
        MISS: { target: 'missed', actions: 'stopWithoutAnswer' },
        ABANDON: { target: 'abandoned', actions: 'stopWithoutAnswer' },
        CALLBACK_OUTCOME: { target: 'ended', guard: 'outcomeCancels', actions: 'recordOutcome' },
      },
    },
    active: {
      initial: 'talking',
      on: {
        END: { target: 'wrap_up', guard: 'isWorker', actions: 'startWrapUp' },
        TRANSFER: [
          { target: 'offered', guard: 'transferToAgent', actions: 'transfer' },
          { target: 'queued', guard: 'transferHasTarget', actions: 'transfer' },
        ],
        CALLBACK_OUTCOME: [
          { target: 'ended', guard: 'outcomeEnds', actions: 'recordOutcome' },
          { guard: 'outcomeReached', actions: 'recordOutcome' },
        ],
      },
      states: {
        talking: { on: { HOLD: { target: 'held', guard: 'isWorker', actions: 'startHold' } } },
        held: { on: { RESUME: { target: 'talking', guard: 'isWorker', actions: 'endHold' } } },
      },
    },
    wrap_up: {
      on: {
        WRAP_UP_DONE: { target: 'ended', guard: 'validDisposition', actions: 'finishWrapUp' },
        WRAP_UP_DUE: { target: 'ended', guard: 'wrapUpTimerDue', actions: 'finishWrapUp' },
      },
    },
    // Not XState final states: a contact that ended still takes case links and a rating.
    ended: { on: { RATE: { guard: 'validRating', actions: 'rate' } } },
    missed: {},
    abandoned: {},
  },
});

/** The stored status: the top-level state (active.held is 'active'). */
export function conversationStatusOf(value: unknown): ConversationStatus {
  const top = typeof value === 'string' ? value : Object.keys(value as Record<string, unknown>)[0];
  return top as ConversationStatus;
}

/** The dotted state path ('active.held'). */
export function conversationStatePath(value: unknown): string {
  if (typeof value === 'string') return value;
  const [key, inner] = Object.entries(value as Record<string, unknown>)[0] ?? ['', ''];
  return `${key}.${conversationStatePath(inner)}`;
}

/** Seconds spent talking (answer to end, hold included), or null before the answer. */
export function talkSeconds(context: Pick<ConversationContext, 'answeredAt' | 'endedAt'>, at: string): number | null {
  if (!context.answeredAt) return null;
  return Math.max(0, Math.round((toMillis(context.endedAt ?? at) - toMillis(context.answeredAt)) / SECOND_MS));
}
