/**
 * Web chat: starting a chat from the public page, messages both ways (numbered per conversation,
 * a retried client id answered with the first message), delivered and read marks, taking and
 * closing chats, the rating, and cases opened from a chat. Pushes go through deps.chat
 * (chat-gateway.ts); the conversation itself through the chat-conversations boundary.
 */
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import type { SessionUser } from '../../../../shared/auth';
import type { CaseKind } from '../../../../shared/cases';
import { queuesByRole } from '../../../../shared/cases';
import {
  CHAT_BURST_MAX,
  CHAT_BURST_WINDOW_MS,
  CHAT_STARTS_PER_MINUTE,
  chatStartInputSchema,
  type ChatCustomerState,
  type ChatMessageDTO,
  type ChatReceipt,
  type ChatSenderKind,
  type ChatStartAnswer,
  type ChatSummaryDTO,
} from '../../../../shared/chat';
import { DomainError } from '../../../../shared/errors';
import { maskPhone } from '../../../../shared/identity';
import type { AppDeps } from '../../deps';
import { BookingModel } from '../../db/models/booking';
import { ChatMessageModel, ChatSequenceModel, type ChatMessage } from '../../db/models/chat-message';
import { CustomerModel } from '../../db/models/customer';
import { createCase } from '../../cases/cases.service';
import { countAttempt, giveBackAttempt, type RateLimit } from '../../customers/search-limits';
import { signChatToken } from './chat-token';
import {
  createQueuedChat,
  endChat,
  getChat,
  linkChatCase,
  listAgentChats,
  listCaseChats,
  listQueuedChats,
  placeInQueue,
  rateChat,
  recordCallbackRequest,
  requireChat,
  takeChat,
  type ChatConversation,
} from './chat-conversations';

/** Web chats wait in the sales queue until routing (wt-router) chooses by skill. */
export const CHAT_QUEUE = 'sales';

export const chatLimits = {
  starts: { name: 'chat-start', max: CHAT_STARTS_PER_MINUTE, windowMs: 60_000 },
  burst: { name: 'chat-burst', max: CHAT_BURST_MAX, windowMs: CHAT_BURST_WINDOW_MS },
} as const satisfies Record<string, RateLimit>;

const MAX_PAGE = 500;

/** Digits only, without +86/0086 (how customers.phone stores numbers). */
export function normalisePhone(raw: string): string {
  let digits = raw.replace(/\D/g, '');
  if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.startsWith('86') && digits.length === 13) digits = digits.slice(2);
  return digits;
}

// ---------------------------------------------------------------------------------------------
// Projections

type StoredMessage = ChatMessage & { _id: mongoose.Types.ObjectId };

export function toMessageDTO(doc: StoredMessage): ChatMessageDTO {
  return {
    id: doc._id.toHexString(),
    conversationId: doc.conversationId.toHexString(),
    seq: doc.seq,
    clientId: doc.clientId,
    sender: { kind: doc.sender.kind, id: doc.sender.id ?? null, name: doc.sender.name },
    text: doc.text,
    at: doc.at.toISOString(),
    deliveredAt: doc.deliveredAt ? doc.deliveredAt.toISOString() : null,
    readAt: doc.readAt ? doc.readAt.toISOString() : null,
  };
}

async function lastSeqOf(conversationId: string): Promise<number> {
  const doc = await ChatSequenceModel.findById(conversationId).lean<{ seq: number }>();
  return doc?.seq ?? 0;
}

export async function toSummaryDTO(chat: ChatConversation): Promise<ChatSummaryDTO> {
  const customer = chat.customerId
    ? await CustomerModel.findById(chat.customerId, { name: 1, vipTier: 1 }).lean<{ name: string; vipTier: string }>()
    : null;
  return {
    id: chat.id,
    status: chat.status,
    queue: chat.queue,
    customerName: chat.name,
    customer:
      customer && chat.customerId ? { id: chat.customerId, name: customer.name, vipTier: customer.vipTier } : null,
    phone: chat.phone ? maskPhone(chat.phone) : null,
    bookingRef: chat.bookingRef,
    bookingId: chat.bookingId,
    agentId: chat.agentId,
    agentName: chat.agentName,
    queuedAt: chat.queuedAt.toISOString(),
    answeredAt: chat.answeredAt?.toISOString() ?? null,
    endedAt: chat.endedAt?.toISOString() ?? null,
    caseIds: chat.caseIds,
    lastSeq: await lastSeqOf(chat.id),
    locale: chat.locale,
    callbackPhone: chat.callbackPhone ? maskPhone(chat.callbackPhone) : null,
    csat: chat.csat ? { score: chat.csat.score, comment: chat.csat.comment, at: chat.csat.at.toISOString() } : null,
  };
}

export async function customerState(deps: Pick<AppDeps, 'chat'>, chat: ChatConversation): Promise<ChatCustomerState> {
  const queued = chat.status === 'queued';
  return {
    conversationId: chat.id,
    status: chat.status,
    place: queued ? await placeInQueue(chat) : null,
    noAgent: queued ? (await deps.chat.agentsListening(chat.queue)) === 0 : false,
    agentName: chat.agentName,
    callbackPhone: chat.callbackPhone ? maskPhone(chat.callbackPhone) : null,
    rated: chat.csat !== null,
    locale: chat.locale,
  };
}

// ---------------------------------------------------------------------------------------------
// Pushes

const agentRoom = (id: string) => `agent:${id}`;
const queueRoom = (queue: string) => `queue:${queue}`;

/** The chat's new summary to its agent and its queue, and every waiting customer's place again. */
async function announce(deps: Pick<AppDeps, 'chat'>, chat: ChatConversation, previousAgentId: string | null = null) {
  const summary = await toSummaryDTO(chat);
  const rooms = [queueRoom(chat.queue)];
  if (chat.agentId) rooms.push(agentRoom(chat.agentId));
  if (previousAgentId && previousAgentId !== chat.agentId) rooms.push(agentRoom(previousAgentId));
  deps.chat.toAgents(rooms, { type: 'chat.updated', chat: summary });
  deps.chat.toCustomer(chat.id, 'state', await customerState(deps, chat));
}

/** Places move when a chat joins or leaves the queue: each waiting customer hears their new one. */
async function refreshPlaces(deps: Pick<AppDeps, 'chat'>, queue: string): Promise<void> {
  const waiting = await listQueuedChats([queue], 1000);
  const noAgent = (await deps.chat.agentsListening(queue)) === 0;
  waiting.forEach((chat, index) => {
    deps.chat.toCustomer(chat.id, 'state', {
      conversationId: chat.id,
      status: chat.status,
      place: index + 1,
      noAgent,
      agentName: null,
      callbackPhone: chat.callbackPhone ? maskPhone(chat.callbackPhone) : null,
      rated: false,
      locale: chat.locale,
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Starting a chat (the public page)

export async function startChat(deps: AppDeps, rawInput: unknown, ip: string): Promise<ChatStartAnswer> {
  const parsed = chatStartInputSchema.safeParse(rawInput);
  if (!parsed.success) {
    throw new DomainError(
      'INVALID_INPUT',
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  }
  const input = parsed.data;
  const now = deps.now();
  const counted = await countAttempt(chatLimits.starts, ip, now);
  if (!counted.allowed) {
    const seconds = Math.max(1, Math.ceil(counted.retryAfterMs / 1000));
    throw new DomainError(
      'RATE_LIMITED',
      `Too many new chats from this address: at most ${chatLimits.starts.max} a minute. Try again in ${seconds} s. 新会话过于频繁，请 ${seconds} 秒后再试。`,
      { retryAfterMs: counted.retryAfterMs },
    );
  }
  const phone = input.phone ? normalisePhone(input.phone) || null : null;
  const booking = input.bookingRef
    ? await BookingModel.findOne({ ref: input.bookingRef }, { customerId: 1 }).lean<{
        _id: mongoose.Types.ObjectId;
        customerId: mongoose.Types.ObjectId;
      }>()
    : null;
  const byPhone = phone
    ? await CustomerModel.findOne({ phone }, { _id: 1 }).lean<{ _id: mongoose.Types.ObjectId }>()
    : null;
  // A booking reference names its holder; a phone number only matches when it is someone's on file.
  const customerId = booking?.customerId.toHexString() ?? byPhone?._id.toHexString() ?? null;
  const chat = await createQueuedChat(deps, {
    queue: CHAT_QUEUE,
    name: input.name,
    phone,
    customerId,
    bookingRef: input.bookingRef ?? null,
    bookingId: booking?._id.toHexString() ?? null,
    locale: input.locale,
  });
  await announce(deps, chat);
  return { conversationId: chat.id, token: signChatToken(deps.config.chat.tokenSecret, chat.id, now) };
}

// ---------------------------------------------------------------------------------------------
// Messages

async function nextSeq(conversationId: string): Promise<number> {
  const doc = await ChatSequenceModel.findOneAndUpdate(
    { _id: conversationId },
    { $inc: { seq: 1 } },
    { upsert: true, returnDocument: 'after' },
  ).lean<{ seq: number }>();
  if (!doc) throw new Error('chat sequence upsert returned nothing');
  return doc.seq;
}

async function findByClientId(conversationId: string, clientId: string): Promise<StoredMessage | null> {
  return ChatMessageModel.findOne({ conversationId, clientId }).lean<StoredMessage>();
}

/**
 * Stores a message once: a clientId already used in the conversation answers with the message it
 * made (same seq, same text), so a retry after a lost ack never adds a second one.
 */
async function storeMessage(
  conversationId: string,
  sender: { kind: ChatSenderKind; id: string | null; name: string },
  clientId: string,
  text: string,
  now: Date,
  /** False when the caller has just looked the client id up. */
  lookUpFirst = true,
): Promise<{ message: StoredMessage; created: boolean }> {
  const existing = lookUpFirst ? await findByClientId(conversationId, clientId) : null;
  if (existing) return { message: existing, created: false };
  const seq = await nextSeq(conversationId);
  try {
    const created = await ChatMessageModel.create({ conversationId, seq, clientId, sender, text, at: now });
    return { message: created.toObject() as StoredMessage, created: true };
  } catch (error) {
    // The same retry twice at once: one insert wins; the other answers with it (its seq stays unused).
    if ((error as { code?: number }).code !== 11000) throw error;
    const winner = await findByClientId(conversationId, clientId);
    if (!winner) throw error;
    return { message: winner, created: false };
  }
}

/** Delivery marks, set when the other side's socket acknowledged the message. */
async function markDelivered(conversationId: string, seq: number, now: Date): Promise<void> {
  await ChatMessageModel.updateOne({ conversationId, seq, deliveredAt: null }, { $set: { deliveredAt: now } });
}

function deliverToAgent(deps: Pick<AppDeps, 'chat' | 'now'>, chat: ChatConversation, message: ChatMessageDTO): void {
  if (!chat.agentId) return;
  const agentId = chat.agentId;
  void deps.chat
    .deliverToAgent(agentId, { type: 'chat.message', conversationId: chat.id, message })
    .then(async (delivered) => {
      if (!delivered) return;
      const at = deps.now();
      await markDelivered(chat.id, message.seq, at);
      deps.chat.toCustomer(chat.id, 'receipt', {
        conversationId: chat.id,
        upToSeq: message.seq,
        kind: 'delivered',
        at: at.toISOString(),
      });
    })
    .catch(() => undefined);
}

function deliverToCustomer(deps: Pick<AppDeps, 'chat' | 'now'>, chat: ChatConversation, message: ChatMessageDTO): void {
  void deps.chat
    .deliverToCustomer(message)
    .then(async (delivered) => {
      if (!delivered) return;
      const at = deps.now();
      await markDelivered(chat.id, message.seq, at);
      if (chat.agentId)
        deps.chat.toAgents([agentRoom(chat.agentId)], {
          type: 'chat.receipt',
          receipt: { conversationId: chat.id, upToSeq: message.seq, kind: 'delivered', at: at.toISOString() },
        });
    })
    .catch(() => undefined);
}

const LIVE: readonly string[] = ['queued', 'offered', 'active'];

/** A message from the customer's page. */
export async function postCustomerMessage(
  deps: Pick<AppDeps, 'chat' | 'now'>,
  conversationId: string,
  input: { clientId: string; text: string },
): Promise<ChatMessageDTO> {
  const now = deps.now();
  // The hot path of every customer message: the chat, an earlier message with this client id and
  // the burst count in one round trip (a retry gives its count back).
  const [chat, already, counted] = await Promise.all([
    requireChat(conversationId),
    mongoose.isValidObjectId(conversationId) ? findByClientId(conversationId, input.clientId) : null,
    countAttempt(chatLimits.burst, conversationId, now),
  ]);
  if (already) {
    void giveBackAttempt(chatLimits.burst, conversationId, now).catch(() => undefined);
    return toMessageDTO(already);
  }
  if (!LIVE.includes(chat.status)) throw new DomainError('EVENT_NOT_ALLOWED', 'This chat has ended. 本次会话已结束。');
  if (!counted.allowed) {
    const seconds = Math.max(1, Math.ceil(counted.retryAfterMs / 1000));
    throw new DomainError(
      'RATE_LIMITED',
      `Slow down: at most ${CHAT_BURST_MAX} messages in ${CHAT_BURST_WINDOW_MS / 1000} s. Try again in ${seconds} s. 发送过快，请 ${seconds} 秒后再试。`,
      { retryAfterMs: counted.retryAfterMs },
    );
  }
  const { message, created } = await storeMessage(
    chat.id,
    { kind: 'customer', id: null, name: chat.name },
    input.clientId,
    input.text,
    now,
    false,
  );
  const dto = toMessageDTO(message);
  if (created) {
    deps.chat.toCustomer(chat.id, 'typing', { typing: false, name: null });
    deliverToAgent(deps, chat, dto);
    // Agents of the queue see a waiting chat's newest line in their list.
    if (!chat.agentId)
      deps.chat.toAgents([queueRoom(chat.queue)], { type: 'chat.message', conversationId: chat.id, message: dto });
  }
  return dto;
}

function assertWorksChat(user: SessionUser, chat: ChatConversation): void {
  if (chat.agentId === user.id) return;
  throw new DomainError('FORBIDDEN', chat.agentName ? `This chat is ${chat.agentName}'s.` : 'Take this chat first.');
}

/** A reply from the agent who has the chat. */
export async function postAgentMessage(
  deps: Pick<AppDeps, 'chat' | 'now'>,
  user: SessionUser,
  input: { conversationId: string; clientId: string; text: string },
): Promise<ChatMessageDTO> {
  const chat = await requireChat(input.conversationId);
  const already = await findByClientId(chat.id, input.clientId);
  if (already) return toMessageDTO(already);
  assertWorksChat(user, chat);
  if (chat.status !== 'active')
    throw new DomainError('EVENT_NOT_ALLOWED', `This chat is ${chat.status}: no more replies.`);
  const { message, created } = await storeMessage(
    chat.id,
    { kind: 'agent', id: user.id, name: user.name },
    input.clientId,
    input.text,
    deps.now(),
  );
  const dto = toMessageDTO(message);
  if (created) deliverToCustomer(deps, chat, dto);
  return dto;
}

async function systemMessage(deps: Pick<AppDeps, 'chat' | 'now'>, chat: ChatConversation, text: string) {
  const { message } = await storeMessage(
    chat.id,
    { kind: 'system', id: null, name: 'system' },
    `sys-${randomUUID()}`,
    text,
    deps.now(),
  );
  const dto = toMessageDTO(message);
  deliverToCustomer(deps, chat, dto);
  if (chat.agentId)
    deps.chat.toAgents([agentRoom(chat.agentId)], { type: 'chat.message', conversationId: chat.id, message: dto });
}

/** Messages after `afterSeq`, oldest first (a reconnecting page or tab asks for what it missed). */
export async function messagesAfter(conversationId: string, afterSeq: number): Promise<ChatMessageDTO[]> {
  const docs = await ChatMessageModel.find({ conversationId, seq: { $gt: afterSeq } })
    .sort({ seq: 1 })
    .limit(MAX_PAGE)
    .lean<StoredMessage[]>();
  return docs.map(toMessageDTO);
}

/** The reader has seen the other side's messages up to `upToSeq`: they are read (and so delivered). */
async function markRead(
  deps: Pick<AppDeps, 'chat' | 'now'>,
  chat: ChatConversation,
  reader: 'customer' | 'agent',
  upToSeq: number,
): Promise<ChatReceipt | null> {
  const fromKind: ChatSenderKind = reader === 'customer' ? 'agent' : 'customer';
  const at = deps.now();
  const filter = { conversationId: chat.id, 'sender.kind': fromKind, seq: { $lte: upToSeq } };
  await ChatMessageModel.updateMany({ ...filter, deliveredAt: null }, { $set: { deliveredAt: at } });
  const result = await ChatMessageModel.updateMany({ ...filter, readAt: null }, { $set: { readAt: at } });
  if (result.modifiedCount === 0) return null;
  const receipt: ChatReceipt = { conversationId: chat.id, upToSeq, kind: 'read', at: at.toISOString() };
  if (reader === 'customer' && chat.agentId)
    deps.chat.toAgents([agentRoom(chat.agentId)], { type: 'chat.receipt', receipt });
  if (reader === 'agent') deps.chat.toCustomer(chat.id, 'receipt', receipt);
  return receipt;
}

export async function customerRead(deps: Pick<AppDeps, 'chat' | 'now'>, conversationId: string, upToSeq: number) {
  return markRead(deps, await requireChat(conversationId), 'customer', upToSeq);
}

export async function agentRead(
  deps: Pick<AppDeps, 'chat' | 'now'>,
  user: SessionUser,
  input: { conversationId: string; upToSeq: number },
) {
  const chat = await requireChat(input.conversationId);
  assertWorksChat(user, chat);
  return markRead(deps, chat, 'agent', input.upToSeq);
}

// ---------------------------------------------------------------------------------------------
// The chat's life

/** Agents and handlers see the waiting chats of the queues their role works; supervisors and admins all. */
export async function waitingChats(user: SessionUser): Promise<ChatSummaryDTO[]> {
  const chats = await listQueuedChats(queuesByRole[user.role]);
  return Promise.all(chats.map(toSummaryDTO));
}

export async function myChats(user: SessionUser): Promise<ChatSummaryDTO[]> {
  return Promise.all((await listAgentChats(user.id)).map(toSummaryDTO));
}

export async function chatSummary(user: SessionUser, conversationId: string): Promise<ChatSummaryDTO> {
  const chat = await requireChat(conversationId);
  if (!(queuesByRole[user.role] as readonly string[]).includes(chat.queue) && chat.agentId !== user.id) {
    throw new DomainError('FORBIDDEN', 'This chat is in a queue you do not work.');
  }
  return toSummaryDTO(chat);
}

export async function chatMessages(user: SessionUser, input: { conversationId: string; afterSeq: number }) {
  await chatSummary(user, input.conversationId);
  return messagesAfter(input.conversationId, input.afterSeq);
}

export async function takeWaitingChat(
  deps: AppDeps,
  user: SessionUser,
  conversationId: string,
): Promise<ChatSummaryDTO> {
  const waiting = await requireChat(conversationId);
  if (!(queuesByRole[user.role] as readonly string[]).includes(waiting.queue)) {
    throw new DomainError('FORBIDDEN', 'This chat is in a queue you do not work.');
  }
  const chat = await takeChat(deps, conversationId, user);
  await systemMessage(deps, chat, `${user.name} 已接入会话 · ${user.name} joined the chat`);
  await announce(deps, chat);
  await refreshPlaces(deps, chat.queue);
  return toSummaryDTO(chat);
}

export async function closeChatByAgent(
  deps: AppDeps,
  user: SessionUser,
  conversationId: string,
): Promise<ChatSummaryDTO> {
  const current = await requireChat(conversationId);
  assertWorksChat(user, current);
  if (current.status !== 'active')
    throw new DomainError('EVENT_NOT_ALLOWED', `This chat is already ${current.status}.`);
  await systemMessage(deps, current, `${user.name} 已结束会话 · ${user.name} ended the chat`);
  const chat = await endChat(deps, conversationId, user);
  await announce(deps, chat);
  return toSummaryDTO(chat);
}

export async function endChatByCustomer(deps: AppDeps, conversationId: string) {
  const before = await requireChat(conversationId);
  if (!LIVE.includes(before.status)) return customerState(deps, before);
  const chat = await endChat(deps, conversationId, null);
  await systemMessage(deps, chat, `${chat.name} 已离开会话 · ${chat.name} left the chat`);
  await announce(deps, chat);
  if (before.status === 'queued') await refreshPlaces(deps, chat.queue);
  return customerState(deps, chat);
}

export async function rateChatByCustomer(
  deps: AppDeps,
  conversationId: string,
  rating: { score: number; comment?: string | undefined },
) {
  const chat = await rateChat(deps, conversationId, { score: rating.score, comment: rating.comment || null });
  await announce(deps, chat);
  return customerState(deps, chat);
}

/** No agent free: the customer leaves a message and a number; the chat stays queued for whoever comes. */
export async function leaveMessage(
  deps: AppDeps,
  conversationId: string,
  input: { phone: string; text?: string | undefined },
) {
  const current = await requireChat(conversationId);
  if (!LIVE.includes(current.status))
    throw new DomainError('EVENT_NOT_ALLOWED', 'This chat has ended. 本次会话已结束。');
  const phone = normalisePhone(input.phone);
  if (phone.length < 5) throw new DomainError('INVALID_INPUT', 'phone: a phone number');
  if (input.text) {
    const left = await postCustomerMessage(deps, conversationId, {
      clientId: `leave-${randomUUID()}`,
      text: input.text,
    });
    // The page did not send it itself: it hears it like any other line (an ack here means nothing).
    void deps.chat.deliverToCustomer(left).catch(() => undefined);
  }
  const chat = await recordCallbackRequest(deps, conversationId, phone);
  await systemMessage(deps, chat, `请回电 ${maskPhone(phone)} · Callback requested on ${maskPhone(phone)}`);
  await announce(deps, chat);
  return customerState(deps, chat);
}

/**
 * One click from a chat: the case already opened from it, or a new one of `kind` for the chat's
 * customer and booking, linked both ways (the conversation lists the case; the case page lists
 * the conversations that name it).
 */
export async function openCaseFromChat(
  deps: AppDeps,
  user: SessionUser,
  input: { conversationId: string; kind: CaseKind; idempotencyKey: string },
): Promise<{ caseId: string; created: boolean }> {
  const chat = await requireChat(input.conversationId);
  assertWorksChat(user, chat);
  const existing = chat.caseIds.at(-1);
  if (existing) return { caseId: existing, created: false };
  const detail = await createCase(deps, user, {
    kind: input.kind,
    channel: 'chat',
    customerId: chat.customerId,
    bookingId: chat.bookingId,
    subject: `网聊 · Chat: ${chat.name}${chat.bookingRef ? ` · ${chat.bookingRef}` : ''}`,
    priority: 'normal',
    idempotencyKey: input.idempotencyKey,
  });
  const linked = await linkChatCase(deps, chat.id, detail.id, user);
  await announce(deps, linked);
  return { caseId: detail.id, created: true };
}

/** The chats linked to a case, each with its transcript (the case page shows them). */
export async function chatsForCase(caseId: string): Promise<{ chat: ChatSummaryDTO; messages: ChatMessageDTO[] }[]> {
  const chats = await listCaseChats(caseId);
  return Promise.all(
    chats.map(async (chat) => ({ chat: await toSummaryDTO(chat), messages: await messagesAfter(chat.id, 0) })),
  );
}

/** Agent typing, forwarded to the customer when the agent has the chat. */
export async function agentTyping(
  deps: Pick<AppDeps, 'chat'>,
  user: SessionUser,
  conversationId: string,
  typing: boolean,
) {
  const chat = await getChat(conversationId);
  if (!chat || chat.agentId !== user.id || chat.status !== 'active') return;
  deps.chat.toCustomer(chat.id, 'typing', { typing, name: user.name });
}

export async function customerTyping(deps: Pick<AppDeps, 'chat'>, conversationId: string, typing: boolean) {
  const chat = await getChat(conversationId);
  if (!chat?.agentId || chat.status !== 'active') return;
  deps.chat.toAgents([agentRoom(chat.agentId)], { type: 'chat.typing', conversationId, typing });
}
