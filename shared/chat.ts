/**
 * Web chat: what the public /chat page, the customer Socket.IO namespace (`/customer`) and the
 * agents' inbox exchange. Messages live in `chat_messages` (one document per message, numbered per
 * conversation); the conversation itself is a `conversations` document (shared/conversations.ts).
 */
import { z } from 'zod';
import { caseKinds } from './case-vocabulary';
import type { ConversationStatus } from './conversations';

export const CHAT_NAMESPACE = '/customer';
export const CHAT_MAX_CHARS = 2000;
/** Per conversation: this many messages from the customer in `CHAT_BURST_WINDOW_MS`. */
export const CHAT_BURST_MAX = 10;
export const CHAT_BURST_WINDOW_MS = 10_000;
/** Per client address: this many new conversations a minute. */
export const CHAT_STARTS_PER_MINUTE = 5;

export const chatLocales = ['zh-CN', 'en'] as const;
export type ChatLocale = (typeof chatLocales)[number];

const clientIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'a client id is 8 to 64 letters, digits, _ or -');
export const chatTextSchema = z
  .string()
  .max(CHAT_MAX_CHARS, `a message is at most ${CHAT_MAX_CHARS} characters`)
  .refine((text) => text.trim().length > 0, 'a message cannot be empty');

/** The start form on /chat: POST /api/chat/conversations. */
export const chatStartInputSchema = z
  .object({
    name: z.string().trim().min(1).max(60),
    phone: z
      .string()
      .trim()
      .max(30)
      .regex(/^[+\d\s-]*$/, 'digits, spaces, dashes and a leading + only')
      .optional()
      .transform((v) => (v ? v : undefined)),
    bookingRef: z
      .string()
      .trim()
      .max(20)
      .regex(/^[A-Za-z0-9]*$/, 'letters and digits only')
      .optional()
      .transform((v) => (v ? v.toUpperCase() : undefined)),
    locale: z.enum(chatLocales).default('zh-CN'),
  })
  .strict();
export type ChatStartInput = z.input<typeof chatStartInputSchema>;
export type ChatStartAnswer = { conversationId: string; token: string };

export const chatSendSchema = z.object({ clientId: clientIdSchema, text: chatTextSchema }).strict();
export const chatAfterSchema = z.object({ afterSeq: z.number().int().min(0).default(0) }).strict();
export const chatReadSchema = z.object({ upToSeq: z.number().int().min(0) }).strict();
export const chatEndSchema = z.object({}).strict();
export const chatTypingSchema = z.object({ typing: z.boolean() }).strict();
export const chatLeaveMessageSchema = z
  .object({
    phone: z
      .string()
      .trim()
      .regex(/^[+\d\s-]{5,30}$/, 'a phone number'),
    text: chatTextSchema.optional(),
  })
  .strict();
export const chatRateSchema = z
  .object({ score: z.number().int().min(1).max(5), comment: z.string().trim().max(500).optional() })
  .strict();

export type ChatSenderKind = 'customer' | 'agent' | 'system';
export type ChatMessageDTO = {
  id: string;
  conversationId: string;
  seq: number;
  clientId: string;
  sender: { kind: ChatSenderKind; id: string | null; name: string };
  text: string;
  at: string;
  deliveredAt: string | null;
  readAt: string | null;
};

/** What the customer's page shows about their conversation. */
export type ChatCustomerState = {
  conversationId: string;
  status: ConversationStatus;
  /** 1 for the next to be answered; null unless queued. */
  place: number | null;
  /** No agent is signed in to the queue right now: the page offers to leave a message and a number. */
  noAgent: boolean;
  agentName: string | null;
  /** The number left for a callback (masked), once the customer left one. */
  callbackPhone: string | null;
  rated: boolean;
  locale: ChatLocale;
};

/** A socket answer: the value, or a reason a person can read (and a code the page translates). */
export type ChatAck<T> = { ok: true; value: T } | { ok: false; code: ChatErrorCode; message: string };
export type ChatErrorCode = 'INVALID_INPUT' | 'RATE_LIMITED' | 'NOT_ALLOWED' | 'UNAVAILABLE';

export type CustomerToServerEvents = {
  send: (input: z.input<typeof chatSendSchema>, ack: (answer: ChatAck<ChatMessageDTO>) => void) => void;
  history: (input: z.input<typeof chatAfterSchema>, ack: (answer: ChatAck<ChatMessageDTO[]>) => void) => void;
  typing: (input: z.input<typeof chatTypingSchema>) => void;
  read: (input: z.input<typeof chatReadSchema>) => void;
  leaveMessage: (
    input: z.input<typeof chatLeaveMessageSchema>,
    ack: (answer: ChatAck<ChatCustomerState>) => void,
  ) => void;
  end: (input: Record<string, never>, ack: (answer: ChatAck<ChatCustomerState>) => void) => void;
  rate: (input: z.input<typeof chatRateSchema>, ack: (answer: ChatAck<ChatCustomerState>) => void) => void;
};

export type ServerToCustomerEvents = {
  state: (state: ChatCustomerState) => void;
  /** A new message; the page answers the ack once it has it (that is "delivered"). */
  message: (message: ChatMessageDTO, ack: () => void) => void;
  receipt: (receipt: ChatReceipt) => void;
  typing: (typing: { typing: boolean; name: string | null }) => void;
};

/** Messages up to `upToSeq` from the other side were delivered or read at `at`. */
export type ChatReceipt = { conversationId: string; upToSeq: number; kind: 'delivered' | 'read'; at: string };

/** A chat as the agents' inbox lists it. */
export type ChatSummaryDTO = {
  id: string;
  status: ConversationStatus;
  queue: string;
  customerName: string;
  customer: { id: string; name: string; vipTier: string } | null;
  /** Masked. */
  phone: string | null;
  bookingRef: string | null;
  bookingId: string | null;
  agentId: string | null;
  agentName: string | null;
  queuedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  caseIds: string[];
  lastSeq: number;
  locale: ChatLocale;
  callbackPhone: string | null;
  csat: { score: number; comment: string | null; at: string } | null;
};

/** Pushed to agents over the console's socket as the `chat` event, in `agent:<id>` and `queue:<name>` rooms. */
export type ChatPush =
  | { type: 'chat.message'; conversationId: string; message: ChatMessageDTO }
  | { type: 'chat.updated'; chat: ChatSummaryDTO }
  | { type: 'chat.typing'; conversationId: string; typing: boolean }
  | { type: 'chat.receipt'; receipt: ChatReceipt };

const objectId = z.string().regex(/^[0-9a-f]{24}$/);
export const chatByIdSchema = z.object({ conversationId: objectId }).strict();
export const chatMessagesInputSchema = z
  .object({ conversationId: objectId, afterSeq: z.number().int().min(0).default(0) })
  .strict();
export const chatAgentSendSchema = z
  .object({ conversationId: objectId, clientId: clientIdSchema, text: chatTextSchema })
  .strict();
export const chatMarkReadSchema = z.object({ conversationId: objectId, upToSeq: z.number().int().min(0) }).strict();
export const chatOpenCaseSchema = z
  .object({ conversationId: objectId, kind: z.enum(caseKinds), idempotencyKey: z.string().min(8).max(100) })
  .strict();
export const chatForCaseSchema = z.object({ caseId: objectId }).strict();
export const chatAgentTypingSchema = z.object({ conversationId: objectId, typing: z.boolean() }).strict();
