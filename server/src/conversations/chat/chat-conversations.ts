/**
 * The module boundary between web chat and the conversation engine (server/src/conversations):
 * everything chat needs from a conversation goes through here. A chat is a `conversations`
 * document with channel 'chat' written only by the engine (create queued, ANSWER, END with its
 * wrap-up, ABANDON, RATE, LINK_CASE); what only chat knows (the name given, booking reference,
 * language, callback left) sits beside it in `chat_sessions`.
 */
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import type { SessionUser } from '../../../../shared/auth';
import type { ChatLocale } from '../../../../shared/chat';
import type { ConversationStatus } from '../../../../shared/conversations';
import { DomainError } from '../../../../shared/errors';
import type { Actor } from '../../../../workflows/machines/contract';
import type { AppDeps } from '../../deps';
import { ChatSessionModel } from '../../db/models/chat-message';
import { ConversationModel } from '../../db/models/conversation';
import { requestCallback } from '../callbacks';
import { SYSTEM_ACTOR, sendSystemConversationEvent, startConversation } from '../contacts';

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

/** The conversation fields chat reads (never the snapshot or the event list). */
const FIELDS = {
  status: 1,
  queue: 1,
  customerId: 1,
  phone: 1,
  agentId: 1,
  agentName: 1,
  caseIds: 1,
  queuedAt: 1,
  answeredAt: 1,
  endedAt: 1,
  csat: 1,
} as const;

type StoredConversation = {
  _id: Types.ObjectId;
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
  csat: { score: number; comment?: string | null; at?: Date | null } | null;
};
type StoredSession = {
  _id: Types.ObjectId;
  name: string;
  bookingRef: string | null;
  bookingId: string | null;
  locale: ChatLocale;
  callbackPhone: string | null;
};

function combine(doc: StoredConversation, session: StoredSession | null): ChatConversation {
  return {
    id: doc._id.toHexString(),
    status: doc.status,
    queue: doc.queue,
    customerId: doc.customerId ?? null,
    phone: doc.phone ?? session?.callbackPhone ?? null,
    agentId: doc.agentId ?? null,
    agentName: doc.agentName ?? null,
    caseIds: doc.caseIds ?? [],
    queuedAt: doc.queuedAt,
    answeredAt: doc.answeredAt ?? null,
    endedAt: doc.endedAt ?? null,
    csat: doc.csat
      ? { score: doc.csat.score, comment: doc.csat.comment ?? null, at: doc.csat.at ?? doc.queuedAt }
      : null,
    // Chats seeded or started elsewhere have no session: they show as a web-chat customer.
    name: session?.name ?? '网聊客户 · Web chat',
    bookingRef: session?.bookingRef ?? null,
    bookingId: session?.bookingId ?? null,
    locale: session?.locale ?? 'zh-CN',
    callbackPhone: session?.callbackPhone ?? null,
  };
}

async function withSessions(docs: StoredConversation[]): Promise<ChatConversation[]> {
  if (docs.length === 0) return [];
  const sessions = await ChatSessionModel.find({ _id: { $in: docs.map((d) => d._id) } }).lean<StoredSession[]>();
  const byId = new Map(sessions.map((s) => [s._id.toHexString(), s]));
  return docs.map((doc) => combine(doc, byId.get(doc._id.toHexString()) ?? null));
}

const CHAT = { channel: 'chat' } as const;

function actorOf(user: Pick<SessionUser, 'id' | 'name' | 'role'>): Actor {
  return { id: user.id, name: user.name, role: user.role };
}

export async function createQueuedChat(
  deps: AppDeps,
  input: {
    queue: string;
    name: string;
    phone: string | null;
    customerId: string | null;
    bookingRef: string | null;
    bookingId: string | null;
    locale: ChatLocale;
  },
): Promise<ChatConversation> {
  const { record } = await startConversation(deps, {
    channel: 'chat',
    queue: input.queue,
    customerId: input.customerId,
    phone: input.phone,
    externalId: null,
    createKey: `chat:${randomUUID()}`,
  });
  await ChatSessionModel.create({
    _id: record._id,
    name: input.name,
    bookingRef: input.bookingRef,
    bookingId: input.bookingId,
    locale: input.locale,
  });
  const chat = await getChat(record._id.toHexString());
  if (!chat) throw new Error('a chat just created cannot be read back');
  return chat;
}

export async function getChat(id: string): Promise<ChatConversation | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  const [doc, session] = await Promise.all([
    ConversationModel.findOne({ _id: id, ...CHAT }, FIELDS).lean<StoredConversation>(),
    ChatSessionModel.findById(id).lean<StoredSession>(),
  ]);
  return doc ? combine(doc, session) : null;
}

export async function requireChat(id: string): Promise<ChatConversation> {
  const chat = await getChat(id);
  if (!chat) throw new DomainError('NOT_FOUND', 'That chat does not exist.');
  return chat;
}

/** Waiting chats of these queues, oldest first. */
export async function listQueuedChats(queues: readonly string[], limit = 200): Promise<ChatConversation[]> {
  const docs = await ConversationModel.find(
    { ...CHAT, status: { $in: ['queued', 'offered'] }, queue: { $in: queues } },
    FIELDS,
  )
    .sort({ queuedAt: 1, _id: 1 })
    .limit(limit)
    .lean<StoredConversation[]>();
  return withSessions(docs);
}

export async function listAgentChats(agentId: string): Promise<ChatConversation[]> {
  const docs = await ConversationModel.find({ ...CHAT, agentId, status: 'active' }, FIELDS)
    .sort({ answeredAt: 1 })
    .limit(50)
    .lean<StoredConversation[]>();
  return withSessions(docs);
}

export async function listCaseChats(caseId: string): Promise<ChatConversation[]> {
  const docs = await ConversationModel.find({ ...CHAT, caseIds: caseId }, FIELDS)
    .sort({ queuedAt: 1 })
    .limit(20)
    .lean<StoredConversation[]>();
  return withSessions(docs);
}

/** 1 for the next to be answered: chats of the same queue that started earlier, plus one. */
export async function placeInQueue(chat: Pick<ChatConversation, 'id' | 'queue' | 'queuedAt'>): Promise<number> {
  const ahead = await ConversationModel.countDocuments({
    ...CHAT,
    status: { $in: ['queued', 'offered'] },
    queue: chat.queue,
    $or: [{ queuedAt: { $lt: chat.queuedAt } }, { queuedAt: chat.queuedAt, _id: { $lt: new Types.ObjectId(chat.id) } }],
  });
  return ahead + 1;
}

/** An agent takes a waiting (or offered) chat: ANSWER through the engine; whoever comes second is told who has it. */
export async function takeChat(deps: AppDeps, id: string, agent: SessionUser): Promise<ChatConversation> {
  try {
    await sendSystemConversationEvent(
      deps,
      id,
      { type: 'ANSWER', agent: { id: agent.id, name: agent.name } },
      `chat-take:${id}:${agent.id}`,
      actorOf(agent),
    );
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'EVENT_NOT_ALLOWED') throw error;
    const current = await requireChat(id);
    throw new DomainError(
      'CONFLICT',
      current.agentName
        ? `${current.agentName} has already taken this chat.`
        : `This chat is ${current.status}, not waiting.`,
      { status: current.status },
    );
  }
  return requireChat(id);
}

/**
 * Ends a chat: an active one through END and its wrap-up at once (a chat's after-work is the
 * agent's next chat; the disposition says whether a case came of it), a waiting one is abandoned.
 */
export async function endChat(deps: AppDeps, id: string, by: SessionUser | null): Promise<ChatConversation> {
  const current = await requireChat(id);
  if (current.status === 'queued' || current.status === 'offered') {
    await sendSystemConversationEvent(deps, id, { type: 'ABANDON' }, `chat-abandon:${id}`);
  } else if (current.status === 'active') {
    await sendSystemConversationEvent(deps, id, { type: 'END' }, `chat-end:${id}`, by ? actorOf(by) : SYSTEM_ACTOR);
  }
  const after = await requireChat(id);
  if (after.status === 'wrap_up') {
    await sendSystemConversationEvent(
      deps,
      id,
      { type: 'WRAP_UP_DONE', disposition: after.caseIds.length > 0 ? 'case_opened' : 'no_action' },
      `chat-wrap-up:${id}`,
      by ? actorOf(by) : SYSTEM_ACTOR,
    );
  }
  return requireChat(id);
}

export async function rateChat(
  deps: AppDeps,
  id: string,
  rating: { score: number; comment: string | null },
): Promise<ChatConversation> {
  const current = await requireChat(id);
  if (current.csat) throw new DomainError('EVENT_NOT_ALLOWED', 'This chat has already been rated.');
  if (current.status !== 'ended') throw new DomainError('EVENT_NOT_ALLOWED', 'A chat can be rated once it has ended.');
  await sendSystemConversationEvent(
    deps,
    id,
    { type: 'RATE', score: rating.score, comment: rating.comment },
    `chat-rate:${id}`,
  );
  return requireChat(id);
}

/** The customer left a number: kept with the chat (which stays queued) and promised as a callback within two hours. */
export async function recordCallbackRequest(deps: AppDeps, id: string, phone: string): Promise<ChatConversation> {
  const chat = await requireChat(id);
  const now = deps.now();
  await ChatSessionModel.updateOne({ _id: id }, { $set: { callbackPhone: phone, callbackRequestedAt: now } });
  await requestCallback(deps, {
    customerId: chat.customerId,
    phone,
    window: { from: now.toISOString(), to: new Date(now.getTime() + 2 * 60 * 60 * 1000).toISOString() },
    source: 'chat',
    conversationId: id,
    idempotencyKey: `chat-callback:${id}`,
  });
  return requireChat(id);
}

export async function linkChatCase(
  deps: AppDeps,
  id: string,
  caseId: string,
  by: SessionUser,
): Promise<ChatConversation> {
  await sendSystemConversationEvent(deps, id, { type: 'LINK_CASE', caseId }, `chat-link:${id}:${caseId}`, actorOf(by));
  return requireChat(id);
}
