/**
 * The module boundary between web chat and the conversation store: everything chat needs from a
 * conversation (create it queued, take, end, rate, link a case, read it) goes through these
 * functions. Until the conversation engine (wt-conv) lands they write the `conversations`
 * collection directly with guarded single-document updates on the shared field names
 * (shared/conversations.ts); plugging the engine in means re-implementing only this file.
 */
import mongoose, { Schema, type Types } from 'mongoose';
import { conversationChannels, conversationStatuses, type ConversationStatus } from '../../../../shared/conversations';
import { chatLocales, type ChatLocale } from '../../../../shared/chat';
import { DomainError } from '../../../../shared/errors';

const chatConversationSchema = new Schema(
  {
    channel: { type: String, required: true, enum: conversationChannels },
    status: { type: String, required: true, enum: conversationStatuses },
    queue: { type: String, required: true },
    customerId: { type: String, default: null },
    phone: { type: String, default: null },
    agentId: { type: String, default: null },
    agentName: { type: String, default: null },
    caseIds: { type: [String], default: [] },
    externalId: { type: String, default: null },
    queuedAt: { type: Date, required: true },
    offeredAt: { type: Date, default: null },
    answeredAt: { type: Date, default: null },
    endedAt: { type: Date, default: null },
    wrapUpEndAt: { type: Date, default: null },
    holdMs: { type: Number, default: 0 },
    disposition: { type: String, default: null },
    csat: {
      type: new Schema(
        { score: { type: Number, required: true, min: 1, max: 5 }, comment: { type: String, default: null }, at: Date },
        { _id: false },
      ),
      default: null,
    },
    /** What the chat page asked for: the name given, booking reference, language, the callback left. */
    chat: {
      type: new Schema(
        {
          name: { type: String, required: true, maxlength: 60 },
          bookingRef: { type: String, default: null },
          bookingId: { type: String, default: null },
          locale: { type: String, required: true, enum: chatLocales },
          callbackPhone: { type: String, default: null },
          callbackRequestedAt: { type: Date, default: null },
        },
        { _id: false, strict: 'throw' },
      ),
      default: null,
    },
  },
  { strict: false, versionKey: false, collection: 'conversations' },
);
chatConversationSchema.index({ channel: 1, status: 1, queue: 1, queuedAt: 1 });
chatConversationSchema.index({ agentId: 1, status: 1 });
chatConversationSchema.index({ caseIds: 1 });

const ChatConversationModel = mongoose.model('ChatConversation', chatConversationSchema);

export type ChatConversation = {
  id: string;
  status: ConversationStatus;
  queue: string;
  customerId: string | null;
  phone: string | null;
  agentId: string | null;
  agentName: string | null;
  caseIds: string[];
  queuedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  csat: { score: number; comment: string | null; at: Date } | null;
  name: string;
  bookingRef: string | null;
  bookingId: string | null;
  locale: ChatLocale;
  callbackPhone: string | null;
};

type Stored = {
  _id: Types.ObjectId;
  status: ConversationStatus;
  queue: string;
  customerId?: string | null;
  phone?: string | null;
  agentId?: string | null;
  agentName?: string | null;
  caseIds?: string[];
  queuedAt: Date;
  answeredAt?: Date | null;
  endedAt?: Date | null;
  csat?: { score: number; comment?: string | null; at?: Date | null } | null;
  chat?: {
    name: string;
    bookingRef?: string | null;
    bookingId?: string | null;
    locale: ChatLocale;
    callbackPhone?: string | null;
  } | null;
};

function fromStored(doc: Stored): ChatConversation {
  return {
    id: doc._id.toHexString(),
    status: doc.status,
    queue: doc.queue,
    customerId: doc.customerId ?? null,
    phone: doc.phone ?? null,
    agentId: doc.agentId ?? null,
    agentName: doc.agentName ?? null,
    caseIds: doc.caseIds ?? [],
    queuedAt: doc.queuedAt,
    answeredAt: doc.answeredAt ?? null,
    endedAt: doc.endedAt ?? null,
    csat: doc.csat
      ? { score: doc.csat.score, comment: doc.csat.comment ?? null, at: doc.csat.at ?? doc.queuedAt }
      : null,
    name: doc.chat?.name ?? '',
    bookingRef: doc.chat?.bookingRef ?? null,
    bookingId: doc.chat?.bookingId ?? null,
    locale: doc.chat?.locale ?? 'zh-CN',
    callbackPhone: doc.chat?.callbackPhone ?? null,
  };
}

const CHAT = { channel: 'chat' } as const;

export async function createQueuedChat(input: {
  queue: string;
  name: string;
  phone: string | null;
  customerId: string | null;
  bookingRef: string | null;
  bookingId: string | null;
  locale: ChatLocale;
  now: Date;
}): Promise<ChatConversation> {
  const created = await ChatConversationModel.create({
    channel: 'chat',
    status: 'queued',
    queue: input.queue,
    customerId: input.customerId,
    phone: input.phone,
    queuedAt: input.now,
    chat: { name: input.name, bookingRef: input.bookingRef, bookingId: input.bookingId, locale: input.locale },
  });
  return fromStored(created.toObject() as Stored);
}

export async function getChat(id: string): Promise<ChatConversation | null> {
  if (!mongoose.isValidObjectId(id)) return null;
  const doc = await ChatConversationModel.findOne({ _id: id, ...CHAT }).lean<Stored>();
  return doc ? fromStored(doc) : null;
}

export async function requireChat(id: string): Promise<ChatConversation> {
  const chat = await getChat(id);
  if (!chat) throw new DomainError('NOT_FOUND', 'That chat does not exist.');
  return chat;
}

/** Waiting chats of these queues, oldest first. */
export async function listQueuedChats(queues: readonly string[], limit = 200): Promise<ChatConversation[]> {
  const docs = await ChatConversationModel.find({ ...CHAT, status: 'queued', queue: { $in: queues } })
    .sort({ queuedAt: 1, _id: 1 })
    .limit(limit)
    .lean<Stored[]>();
  return docs.map(fromStored);
}

export async function listAgentChats(agentId: string): Promise<ChatConversation[]> {
  const docs = await ChatConversationModel.find({ ...CHAT, agentId, status: 'active' })
    .sort({ answeredAt: 1 })
    .limit(50)
    .lean<Stored[]>();
  return docs.map(fromStored);
}

export async function listCaseChats(caseId: string): Promise<ChatConversation[]> {
  const docs = await ChatConversationModel.find({ ...CHAT, caseIds: caseId })
    .sort({ queuedAt: 1 })
    .limit(20)
    .lean<Stored[]>();
  return docs.map(fromStored);
}

/** 1 for the next to be answered: chats of the same queue that started earlier, plus one. */
export async function placeInQueue(chat: Pick<ChatConversation, 'id' | 'queue' | 'queuedAt'>): Promise<number> {
  const ahead = await ChatConversationModel.countDocuments({
    ...CHAT,
    status: 'queued',
    queue: chat.queue,
    $or: [{ queuedAt: { $lt: chat.queuedAt } }, { queuedAt: chat.queuedAt, _id: { $lt: chat.id } }],
  });
  return ahead + 1;
}

/** An agent takes a waiting chat; only one agent can, whoever clicks first. */
export async function takeChat(id: string, agent: { id: string; name: string }, now: Date): Promise<ChatConversation> {
  const doc = await ChatConversationModel.findOneAndUpdate(
    { _id: id, ...CHAT, status: 'queued' },
    { $set: { status: 'active', agentId: agent.id, agentName: agent.name, offeredAt: now, answeredAt: now } },
    { returnDocument: 'after' },
  ).lean<Stored>();
  if (doc) return fromStored(doc);
  const current = await requireChat(id);
  throw new DomainError(
    'CONFLICT',
    current.agentName
      ? `${current.agentName} has already taken this chat.`
      : `This chat is ${current.status}, not waiting.`,
    { status: current.status },
  );
}

/** Ends a chat: an active one is ended, a waiting one abandoned (the customer left before anyone answered). */
export async function endChat(id: string, now: Date): Promise<ChatConversation> {
  const ended = await ChatConversationModel.findOneAndUpdate(
    { _id: id, ...CHAT, status: 'active' },
    { $set: { status: 'ended', endedAt: now } },
    { returnDocument: 'after' },
  ).lean<Stored>();
  if (ended) return fromStored(ended);
  const abandoned = await ChatConversationModel.findOneAndUpdate(
    { _id: id, ...CHAT, status: { $in: ['queued', 'offered'] } },
    { $set: { status: 'abandoned', endedAt: now } },
    { returnDocument: 'after' },
  ).lean<Stored>();
  if (abandoned) return fromStored(abandoned);
  return requireChat(id);
}

export async function rateChat(
  id: string,
  rating: { score: number; comment: string | null },
  now: Date,
): Promise<ChatConversation> {
  const doc = await ChatConversationModel.findOneAndUpdate(
    { _id: id, ...CHAT, status: { $in: ['ended', 'abandoned'] }, csat: null },
    { $set: { csat: { score: rating.score, comment: rating.comment, at: now } } },
    { returnDocument: 'after' },
  ).lean<Stored>();
  if (doc) return fromStored(doc);
  const current = await requireChat(id);
  throw new DomainError(
    'EVENT_NOT_ALLOWED',
    current.csat ? 'This chat has already been rated.' : 'A chat can be rated once it has ended.',
  );
}

/**
 * The customer left a number for a callback: recorded on the conversation, which stays queued.
 * When the callbacks of wt-conv land, this also calls their `requestCallback`.
 */
export async function recordCallbackRequest(id: string, phone: string, now: Date): Promise<ChatConversation> {
  const doc = await ChatConversationModel.findOneAndUpdate(
    { _id: id, ...CHAT },
    { $set: { 'chat.callbackPhone': phone, 'chat.callbackRequestedAt': now, phone } },
    { returnDocument: 'after' },
  ).lean<Stored>();
  if (!doc) throw new DomainError('NOT_FOUND', 'That chat does not exist.');
  return fromStored(doc);
}

export async function linkChatCase(id: string, caseId: string): Promise<ChatConversation> {
  const doc = await ChatConversationModel.findOneAndUpdate(
    { _id: id, ...CHAT },
    { $addToSet: { caseIds: caseId } },
    { returnDocument: 'after' },
  ).lean<Stored>();
  if (!doc) throw new DomainError('NOT_FOUND', 'That chat does not exist.');
  return fromStored(doc);
}
