/**
 * Conversations: one live contact (a call, a chat or a callback). The contract shared by the
 * conversation engine, the telephony webhook, web chat, the router, the wallboard and reports.
 * Field names here are what the `conversations` and `chat_messages` collections store.
 */
import { z } from 'zod';

export const conversationChannels = ['call', 'chat', 'callback'] as const;
export type ConversationChannel = (typeof conversationChannels)[number];

export { dispositions, type Disposition } from './conversation-vocabulary';

export const conversationStatuses = ['queued', 'offered', 'active', 'wrap_up', 'ended', 'missed', 'abandoned'] as const;
export type ConversationStatus = (typeof conversationStatuses)[number];
/** Statuses in which a conversation is live work (counts against an agent's capacity or waits for one). */
export const liveConversationStatuses: readonly ConversationStatus[] = ['queued', 'offered', 'active', 'wrap_up'];

/** The CTI webhook's body: `POST /api/telephony/events` (signed the Standard Webhooks way). */
export const telephonyEventTypes = [
  'call.ringing',
  'call.answered',
  'call.held',
  'call.resumed',
  'call.transferred',
  'call.ended',
  'call.missed',
  'callback.requested',
] as const;
export type TelephonyEventType = (typeof telephonyEventTypes)[number];
export const telephonyEventSchema = z
  .object({
    type: z.enum(telephonyEventTypes),
    callId: z.string().min(1).max(100),
    from: z.string().min(1).max(40),
    to: z.string().min(1).max(40),
    agentExtension: z
      .string()
      .regex(/^\d{3,8}$/)
      .optional(),
    at: z.string().datetime({ offset: true }),
  })
  .strict();
export type TelephonyEvent = z.infer<typeof telephonyEventSchema>;

/**
 * What the `conversations` collection holds per document (times are Dates in MongoDB, ISO strings
 * over the wire). Reports and the wallboard aggregate over these fields, so keep the names.
 */
export type ConversationFields = {
  channel: ConversationChannel;
  status: ConversationStatus;
  /** The case queue the contact waits in (calls and chats: 'sales' | 'changes' | 'refunds' | 'complaints'). */
  queue: string;
  customerId: string | null;
  /** The caller's number as received and normalised (digits only, no +86), or null for chats without one. */
  phone: string | null;
  agentId: string | null;
  agentName: string | null;
  caseIds: string[];
  /** Call id from the phone system (calls, callbacks from `callback.requested`). */
  externalId: string | null;
  queuedAt: Date;
  offeredAt: Date | null;
  answeredAt: Date | null;
  endedAt: Date | null;
  wrapUpEndAt: Date | null;
  /** Total time on hold, milliseconds (calls). */
  holdMs: number;
  /** The agent's wrap-up disposition code. */
  disposition: string | null;
  /** Customer satisfaction, when the customer rated the contact. */
  csat: { score: number; comment: string | null; at: Date } | null;
};

// ---------------------------------------------------------------------------------------------
// What the console reads (server/src/conversations/projection.ts builds it; phone numbers masked)

export type ConversationView = {
  id: string;
  channel: ConversationChannel;
  status: ConversationStatus;
  /** Dotted machine state ('active.held'). */
  state: string;
  queue: string;
  customer: { id: string; name: string; vipTier: string } | null;
  /** The caller's number, masked (138****8000). */
  phone: string | null;
  agent: { id: string; name: string } | null;
  caseIds: string[];
  externalId: string | null;
  callbackId: string | null;
  queuedAt: string;
  offeredAt: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  wrapUpEndAt: string | null;
  holdMs: number;
  /** Answer to end (hold included), seconds; null until answered. */
  durationSeconds: number | null;
  disposition: string | null;
  csat: { score: number; comment: string | null; at: string } | null;
  version: number;
};

/** The incoming-call card: who is calling and what they have open. */
export type ScreenPop = {
  conversation: ConversationView;
  openCases: { id: string; ref: string; kind: string; state: string; subject: string }[];
  nextDepartures: {
    bookingId: string;
    bookingRef: string;
    code: string;
    origin: string;
    destination: string;
    departureAt: string;
  }[];
};

export const callbackWindowSchema = z
  .object({ from: z.string().datetime({ offset: true }), to: z.string().datetime({ offset: true }) })
  .refine((w) => Date.parse(w.to) > Date.parse(w.from), { message: 'the window must end after it starts' });

export const callbackSources = ['telephony', 'agent', 'chat'] as const;
export type CallbackSource = (typeof callbackSources)[number];
export const callbackStatuses = ['scheduled', 'queued', 'reached', 'failed', 'cancelled'] as const;
export type CallbackStatus = (typeof callbackStatuses)[number];
export const callbackOutcomes = ['reached', 'no_answer', 'cancelled'] as const;

export type CallbackView = {
  id: string;
  status: CallbackStatus;
  customerId: string | null;
  customerName: string | null;
  phone: string;
  window: { from: string; to: string };
  source: CallbackSource;
  attempts: number;
  dueAt: string | null;
  conversationId: string | null;
  breachedAt: string | null;
  createdAt: string;
};
