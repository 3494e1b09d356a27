/**
 * Web chat end to end over real sockets: the whole server on a port, customers on the `/customer`
 * namespace with their signed conversation token, an agent signed in over HTTP with the console's
 * socket. Token tampering, message order and retried client ids, the limits, delivered/read marks,
 * place in queue, leave-a-message and the rating.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { io as connectIo, type Socket } from 'socket.io-client';
import type {
  ChatAck,
  ChatCustomerState,
  ChatMessageDTO,
  ChatPush,
  ChatStartAnswer,
  ChatSummaryDTO,
  CustomerToServerEvents,
  ServerToCustomerEvents,
} from '../../shared/chat';
import { loadConfig } from '../../server/src/config';
import { createServer, type RunningServer } from '../../server/src/http/server';
import { ChatMessageModel } from '../../server/src/db/models/chat-message';
import { signChatToken } from '../../server/src/conversations/chat/chat-token';
import { connected, openTestSocket, subscribe, type ClientSocket } from '../support/sockets';
import { testDatabase } from '../support/db';
import { createPlatformFixtures, PASSWORD, ZHANG_PHONE, type PlatformFixtures } from '../support/platform';

type CustomerSocket = Socket<ServerToCustomerEvents, CustomerToServerEvents>;

/** Real time plus a jump we control: each test that opens chats starts in a fresh per-address minute. */
let jumpMs = 0;
const now = () => new Date(Date.now() + jumpMs);
const nextMinute = () => {
  jumpMs += 61_000;
};

let server: RunningServer;
let fx: PlatformFixtures;
const consoleSockets: ClientSocket[] = [];
const customerSockets: CustomerSocket[] = [];

beforeAll(async () => {
  const { uri, dbName } = testDatabase('web_chat');
  const config = loadConfig({
    MONGODB_URI: uri,
    MONGODB_DB: dbName,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
  });
  server = await createServer(config, { jobs: false, seed: false, staticDir: null, now });
  fx = await createPlatformFixtures();
});
afterAll(async () => {
  for (const socket of [...consoleSockets, ...customerSockets]) socket.close();
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await server?.close();
});

// ---------------------------------------------------------------------------------------------
// Helpers

async function start(body: unknown): Promise<{ status: number; body: ChatStartAnswer & { message?: string } }> {
  const res = await fetch(`${server.url}/api/chat/conversations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as ChatStartAnswer & { message?: string } };
}

function customer(token: unknown): CustomerSocket {
  const socket: CustomerSocket = connectIo(`${server.url}/customer`, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: { token },
  });
  customerSockets.push(socket);
  return socket;
}

function opened(socket: CustomerSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
}

/** A customer on the chat page: started, connected, hearing states and messages (and acknowledging them). */
async function newCustomer(name: string, extra: Record<string, unknown> = {}) {
  const started = await start({ name, ...extra });
  expect(started.status).toBe(201);
  const socket = customer(started.body.token);
  const states: ChatCustomerState[] = [];
  const messages: ChatMessageDTO[] = [];
  const receipts: unknown[] = [];
  socket.on('state', (s) => states.push(s));
  socket.on('message', (m, ack) => {
    messages.push(m);
    ack();
  });
  socket.on('receipt', (r) => receipts.push(r));
  await opened(socket);
  return { ...started.body, socket, states, messages, receipts };
}

function ask<T>(socket: CustomerSocket, event: keyof CustomerToServerEvents, input: unknown): Promise<ChatAck<T>> {
  return (socket.timeout(5000) as unknown as { emitWithAck(e: string, i: unknown): Promise<ChatAck<T>> }).emitWithAck(
    event,
    input,
  );
}

type TrpcBody<T> = { result?: { data: T }; error?: { message: string; data: { code: string } } };
async function call<T>(path: string, cookie: string, input?: unknown, method: 'POST' | 'GET' = 'POST'): Promise<T> {
  const url =
    method === 'GET'
      ? `${server.url}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input ?? null))}`
      : `${server.url}/trpc/${path}`;
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', cookie },
    body: method === 'POST' ? JSON.stringify(input) : undefined,
  });
  const body = (await res.json()) as TrpcBody<T>;
  if (!res.ok || !body.result) throw new Error(`${path} answered ${res.status}: ${body.error?.message ?? 'no result'}`);
  return body.result.data;
}

async function agentAt(username: string) {
  const res = await fetch(`${server.url}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  const cookie = (res.headers.getSetCookie().find((c) => c.startsWith('td_session=')) ?? '').split(';')[0] ?? '';
  const userId = ((await res.json()) as TrpcBody<{ id: string }>).result?.data.id ?? '';
  const socket = openTestSocket(server.url, consoleSockets, cookie);
  const pushes: ChatPush[] = [];
  (socket as unknown as Socket).on('chat', (push: ChatPush, ack?: unknown) => {
    pushes.push(push);
    // A delivery asks for an ack; a broadcast ends with Socket.IO's recovery offset (a string) instead.
    if (typeof ack === 'function') (ack as () => void)();
  });
  await connected(socket);
  expect((await subscribe(socket, ['queue:sales', `agent:${userId}`])).refused).toEqual([]);
  return { cookie, userId, socket, pushes };
}

async function waitFor(what: string, done: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let clientSeq = 0;
const clientId = () => `cid-${process.pid}-${++clientSeq}`;

// ---------------------------------------------------------------------------------------------

describe('the customer namespace takes only a genuine conversation token', () => {
  it('refuses no token, a tampered one, one for another conversation, another key, and the agents cookie', async () => {
    nextMinute();
    const { conversationId, token } = (await start({ name: 'Token Test' })).body;
    const other = (await start({ name: 'Other' })).body;
    const sig = token.slice(-43);
    const tampered = [
      undefined,
      'not-a-token',
      token.slice(0, -43) + (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1),
      token.replace(conversationId, other.conversationId),
      signChatToken('some-other-secret-of-at-least-32-characters!!', conversationId, now()),
      signChatToken(server.deps.config.chat.tokenSecret, new mongoose.Types.ObjectId().toHexString(), now()),
    ];
    for (const bad of tampered) await expect(opened(customer(bad))).rejects.toThrow('INVALID_TOKEN');

    // The agents' session cookie opens nothing here.
    const res = await fetch(`${server.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'agent1', password: PASSWORD }),
    });
    const cookie = (res.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    const withCookie: CustomerSocket = connectIo(`${server.url}/customer`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { cookie },
    });
    customerSockets.push(withCookie);
    await expect(opened(withCookie)).rejects.toThrow('INVALID_TOKEN');

    const genuine = customer(token);
    await opened(genuine);
    const history = await ask<ChatMessageDTO[]>(genuine, 'history', { afterSeq: 0 });
    expect(history).toEqual({ ok: true, value: [] });
  });
});

describe('messages', () => {
  it('are numbered in the order accepted; a retried client id answers the first message', async () => {
    nextMinute();
    const c = await newCustomer('顺序测试');
    const ids = Array.from({ length: 8 }, () => clientId());
    const sent = await Promise.all(
      ids.map((id, i) => ask<ChatMessageDTO>(c.socket, 'send', { clientId: id, text: `m${i}` })),
    );
    const seqs = sent.map((a) => (a.ok ? a.value.seq : -1));
    expect([...seqs].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

    // The same client id twice more, at once: both answer the first message; nothing is added.
    const first = sent[2]!;
    const retries = await Promise.all(
      [0, 1].map(() => ask<ChatMessageDTO>(c.socket, 'send', { clientId: ids[2], text: 'm2' })),
    );
    for (const retry of retries) expect(retry).toEqual(first);
    expect(await ChatMessageModel.countDocuments({ conversationId: c.conversationId })).toBe(8);

    // Reconnecting asks for what came after the last seq it has.
    const page = await ask<ChatMessageDTO[]>(c.socket, 'history', { afterSeq: 5 });
    expect(page.ok && page.value.map((m) => m.seq)).toEqual([6, 7, 8]);
    const all = await ask<ChatMessageDTO[]>(c.socket, 'history', { afterSeq: 0 });
    expect(all.ok && all.value.map((m) => m.text)).toEqual(
      seqs.map((_, i) => `m${sent.findIndex((a) => a.ok && a.value.seq === i + 1)}`),
    );
  });

  it('keep markup as text', async () => {
    nextMinute();
    const c = await newCustomer('<b>Mallory</b>');
    const text = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    const answer = await ask<ChatMessageDTO>(c.socket, 'send', { clientId: clientId(), text });
    expect(answer.ok && answer.value.text).toBe(text);
    expect(answer.ok && answer.value.sender.name).toBe('<b>Mallory</b>');
  });
});

describe('limits', () => {
  it('refuse a message over 2,000 characters, an empty one, and the 11th in 10 seconds', async () => {
    nextMinute();
    const c = await newCustomer('Limit Test');
    expect(await ask(c.socket, 'send', { clientId: clientId(), text: 'x'.repeat(2001) })).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      message: expect.stringContaining('2000'),
    });
    expect(await ask(c.socket, 'send', { clientId: clientId(), text: '   ' })).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
    });
    for (let i = 0; i < 10; i++) {
      const answer = await ask(c.socket, 'send', {
        clientId: clientId(),
        text: i === 0 ? 'y'.repeat(2000) : `burst ${i}`,
      });
      expect(answer.ok).toBe(true);
    }
    const eleventh = await ask(c.socket, 'send', { clientId: clientId(), text: 'one too many' });
    expect(eleventh).toMatchObject({
      ok: false,
      code: 'RATE_LIMITED',
      message: expect.stringContaining('10 messages in 10 s'),
    });
    expect(await ChatMessageModel.countDocuments({ conversationId: c.conversationId })).toBe(10);
  });

  it('refuse the sixth new conversation in a minute from one address, and bad start forms', async () => {
    nextMinute();
    for (let i = 0; i < 5; i++) expect((await start({ name: `Burst ${i}` })).status).toBe(201);
    const sixth = await start({ name: 'Sixth' });
    expect(sixth.status).toBe(429);
    expect(sixth.body.message).toContain('at most 5 a minute');
    nextMinute();
    expect((await start({ name: '' })).status).toBe(400);
    expect((await start({ name: 'x', phone: '<script>' })).status).toBe(400);
    expect((await start({ name: 'x', extra: 1 })).status).toBe(400);
  });
});

describe('a chat between a customer and an agent', () => {
  it('tells the customer when no agent is there, and takes a message and a number for a callback', async () => {
    nextMinute();
    const c = await newCustomer('留言客户');
    await waitFor('the first state', () => c.states.length > 0);
    expect(c.states.at(-1)).toMatchObject({ status: 'queued', noAgent: true, place: expect.any(Number) });
    const left = await ask<ChatCustomerState>(c.socket, 'leaveMessage', { phone: '+86 139-1234-5678', text: '请回电' });
    expect(left).toMatchObject({ ok: true, value: { status: 'queued', callbackPhone: '139****5678' } });
    const history = await ask<ChatMessageDTO[]>(c.socket, 'history', { afterSeq: 0 });
    expect(history.ok && history.value.map((m) => m.sender.kind)).toEqual(['customer', 'system']);
    // The chat stays waiting for whoever comes: the callback request went to the queue's agents.
    // …and is promised as a callback (wt-conv's callbacks: a durable due time queues it for an agent).
    expect(
      await mongoose.connection.collection('callbacks').findOne({ originConversationId: c.conversationId }),
    ).toMatchObject({
      status: 'scheduled',
      phone: '13912345678',
      source: 'chat',
    });
    const supervisorView = await call<ChatSummaryDTO[]>(
      'chat.waiting',
      (await agentAt('super1')).cookie,
      undefined,
      'GET',
    );
    expect(supervisorView.find((s) => s.id === c.conversationId)?.callbackPhone).toBe('139****5678');
  });

  it('goes both ways with delivered and read marks, place in queue, closing and the rating', async () => {
    nextMinute();
    const agent = await agentAt('agent1');
    const first = await newCustomer('张伟', { phone: `+86 ${ZHANG_PHONE}` });
    const second = await newCustomer('Second');
    await waitFor('places', () => second.states.some((s) => s.place !== null));
    const placeOf = (c: typeof first) => c.states.at(-1)?.place;
    expect(first.states.at(-1)).toMatchObject({ noAgent: false });
    expect(placeOf(second)! - placeOf(first)!).toBe(1);

    const hello = await ask<ChatMessageDTO>(first.socket, 'send', { clientId: clientId(), text: '你好，我想改签' });
    expect(hello.ok).toBe(true);
    const taken = await call<ChatSummaryDTO>('chat.take', agent.cookie, { conversationId: first.conversationId });
    expect(taken).toMatchObject({
      status: 'active',
      agentId: agent.userId,
      customer: { id: fx.customers.zhang, name: '张伟' },
    });
    await expect(
      call('chat.take', (await agentAt('agent2')).cookie, { conversationId: first.conversationId }),
    ).rejects.toThrow(/409.*already taken/);
    await waitFor(
      'the second customer moves up',
      () => placeOf(second) === placeOf(first) || first.states.at(-1)?.status === 'active',
    );
    await waitFor('the first customer hears the agent joined', () => first.states.at(-1)?.agentName === '王芳');

    // Agent → customer: the page acknowledges it, so it is delivered; the customer reads it.
    const reply = await call<ChatMessageDTO>('chat.send', agent.cookie, {
      conversationId: first.conversationId,
      clientId: clientId(),
      text: '您好，请提供订单号',
    });
    await waitFor('the customer gets the reply', () => first.messages.some((m) => m.id === reply.id));
    await waitFor('delivered', async () => (await ChatMessageModel.findById(reply.id).lean())?.deliveredAt != null);
    await waitFor('the agent hears it was delivered', () =>
      agent.pushes.some(
        (p) => p.type === 'chat.receipt' && p.receipt.kind === 'delivered' && p.receipt.upToSeq === reply.seq,
      ),
    );
    first.socket.emit('read', { upToSeq: reply.seq });
    await waitFor('the agent hears it was read', () =>
      agent.pushes.some(
        (p) => p.type === 'chat.receipt' && p.receipt.kind === 'read' && p.receipt.upToSeq >= reply.seq,
      ),
    );

    // Customer → agent: the console socket acknowledges, the customer hears delivered, then read.
    const more = await ask<ChatMessageDTO>(first.socket, 'send', { clientId: clientId(), text: 'TD0000001' });
    const moreSeq = more.ok ? more.value.seq : -1;
    await waitFor('the agent gets it', () =>
      agent.pushes.some((p) => p.type === 'chat.message' && p.message.seq === moreSeq),
    );
    await waitFor('delivered to the agent', () =>
      first.receipts.some(
        (r) =>
          (r as { kind: string; upToSeq: number }).kind === 'delivered' &&
          (r as { upToSeq: number }).upToSeq === moreSeq,
      ),
    );
    await call('chat.markRead', agent.cookie, { conversationId: first.conversationId, upToSeq: moreSeq });
    await waitFor('the customer hears read', () => first.receipts.some((r) => (r as { kind: string }).kind === 'read'));

    // Typing both ways.
    const typing: boolean[] = [];
    first.socket.on('typing', (t) => typing.push(t.typing));
    agent.socket.emit('chatTyping', { conversationId: first.conversationId, typing: true });
    await waitFor('customer sees the agent typing', () => typing.includes(true));
    first.socket.emit('typing', { typing: true });
    await waitFor('agent sees the customer typing', () =>
      agent.pushes.some((p) => p.type === 'chat.typing' && p.typing),
    );

    // Another agent cannot reply in it; closing ends it and the customer rates it once.
    await expect(
      call('chat.send', (await agentAt('agent2')).cookie, {
        conversationId: first.conversationId,
        clientId: clientId(),
        text: 'hi',
      }),
    ).rejects.toThrow(/403/);
    expect(await ask(first.socket, 'rate', { score: 5 })).toMatchObject({ ok: false, code: 'NOT_ALLOWED' });
    await call('chat.close', agent.cookie, { conversationId: first.conversationId });
    await waitFor('the customer sees the end', () => first.states.at(-1)?.status === 'ended');
    expect(await ask(first.socket, 'send', { clientId: clientId(), text: 'late' })).toMatchObject({ ok: false });
    expect(await ask(first.socket, 'rate', { score: 6 })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(await ask(first.socket, 'rate', { score: 4, comment: '很快' })).toMatchObject({
      ok: true,
      value: { rated: true },
    });
    expect(await ask(first.socket, 'rate', { score: 1 })).toMatchObject({ ok: false, code: 'NOT_ALLOWED' });
    const stored = await mongoose.connection
      .collection('conversations')
      .findOne({ _id: new mongoose.Types.ObjectId(first.conversationId) });
    expect(stored).toMatchObject({ channel: 'chat', status: 'ended', csat: { score: 4, comment: '很快' } });
    // Every step went through the conversation engine: its event list has them in order.
    expect((stored?.history as { event: string }[]).map((e) => e.event)).toEqual([
      'CREATED',
      'ANSWER',
      'END',
      'WRAP_UP_DONE',
      'RATE',
    ]);

    // The second customer leaves before anyone answers: abandoned.
    expect(await ask(second.socket, 'end', {})).toMatchObject({ ok: true, value: { status: 'abandoned' } });
  });

  it('opens a case for the matched customer and booking in one click, linked both ways', async () => {
    nextMinute();
    const agent = await agentAt('agent1');
    const c = await newCustomer('张伟', { bookingRef: fx.bookings.zhangRail.ref.toLowerCase() });
    await call('chat.take', agent.cookie, { conversationId: c.conversationId });
    await ask(c.socket, 'send', { clientId: clientId(), text: '我要退票' });
    const opened1 = await call<{ caseId: string; created: boolean }>('chat.openCase', agent.cookie, {
      conversationId: c.conversationId,
      kind: 'refund',
      idempotencyKey: `open-${clientId()}`,
    });
    expect(opened1.created).toBe(true);
    const again = await call<{ caseId: string; created: boolean }>('chat.openCase', agent.cookie, {
      conversationId: c.conversationId,
      kind: 'refund',
      idempotencyKey: `open-${clientId()}`,
    });
    expect(again).toEqual({ caseId: opened1.caseId, created: false });
    const detail = await call<{ channel: string; customer: { id: string }; bookingRef: string }>(
      'cases.get',
      agent.cookie,
      { id: opened1.caseId },
      'GET',
    );
    expect(detail).toMatchObject({
      channel: 'chat',
      customer: { id: fx.customers.zhang },
      bookingRef: fx.bookings.zhangRail.ref,
    });
    const onCase = await call<{ chat: ChatSummaryDTO; messages: ChatMessageDTO[] }[]>(
      'chat.forCase',
      agent.cookie,
      { caseId: opened1.caseId },
      'GET',
    );
    expect(onCase).toHaveLength(1);
    expect(onCase[0]!.chat.caseIds).toEqual([opened1.caseId]);
    expect(onCase[0]!.messages.map((m) => m.text)).toContain('我要退票');
  });
});
