/**
 * Conversations: one live contact (a call, a chat or a callback). The contract shared by the
 * conversation engine, the telephony webhook, web chat, the router, the wallboard and reports.
 * Field names here are what the `conversations` and `chat_messages` collections store.
 */
import { z } from 'zod';

export const conversationChannels = ['call', 'chat', 'callback'] as const;
export type ConversationChannel = (typeof conversationChannels)[number];

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
