/**
 * Live queue updates end to end: the whole server on a real port, people signed in over HTTP,
 * Socket.IO clients on the same cookies, case changes made over tRPC HTTP. Every change reaches
 * exactly the rooms it concerns (the queue it is in, the queue it left, the assignee, the
 * supervisors) as the case's QueueItem, with the room's next sequence number; a socket without a
 * session hears nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { connected, openTestSocket, subscribe, type ClientSocket } from '../support/sockets';
import { queueItemSchema, type CaseDetail, type QueueItem } from '../../shared/cases';
import type { CasePush } from '../../shared/realtime';
import { loadConfig } from '../../server/src/config';
import { createServer, type RunningServer } from '../../server/src/http/server';
import { testDatabase } from '../support/db';
import { createPlatformFixtures, PASSWORD, ZHANG_ID, type PlatformFixtures } from '../support/platform';

/**
 * The fixture train G1 leaves 2026-05-12 07:00+08:00; the server's clock starts two days before and
 * runs at real speed, so quotes are allowed and quote freshness behaves as in production.
 */
const CLOCK_START = Date.parse('2026-05-10T08:00:00+08:00');
const realStart = Date.now();
const now = () => new Date(CLOCK_START + (Date.now() - realStart));

let server: RunningServer;
let fx: PlatformFixtures;
const sockets: ClientSocket[] = [];

/** A signed-in person: their cookie, and a socket that records every push it hears. */
type Listener = {
  cookie: string;
  userId: string;
  socket: ClientSocket;
  heard: CasePush[];
  startSeq: Record<string, number>;
};
let agent: Listener;
let supervisor: Listener;
/** Controls: another agent watching only 'sales', and sockets without a session. */
let salesAgent: Listener;
const anonymousHeard: CasePush[] = [];

let keySeq = 0;
const key = () => `push-${process.pid}-${keySeq++}`;

beforeAll(async () => {
  const { uri, dbName } = testDatabase('live_push');
  const config = loadConfig({
    MONGODB_URI: uri,
    MONGODB_DB: dbName,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
  });
  server = await createServer(config, { jobs: false, seed: false, staticDir: null, now });
  // createServer connected the default mongoose connection to the test database.
  fx = await createPlatformFixtures();

  agent = await listen('agent1', ['queue:refunds', 'queue:changes']);
  supervisor = await listen('super1', ['supervisors', 'queue:approvals']);
  salesAgent = await listen('agent2', ['queue:sales']);
  expect(agent.userId).toBe(fx.users.agent.id);

  for (const cookie of [undefined, 'td_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']) {
    const socket = openSocket(cookie);
    socket.on('push', (m) => anonymousHeard.push(m));
    await expect(connected(socket)).rejects.toThrow('UNAUTHORIZED');
  }
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await server?.close();
});

// ---------------------------------------------------------------------------------------------
// HTTP and socket helpers

type TrpcBody<T> = { result?: { data: T }; error?: { message: string; data: { code: string } } };

async function call<T>(path: string, cookie: string, input: unknown): Promise<T> {
  const res = await fetch(`${server.url}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as TrpcBody<T>;
  if (!res.ok || !body.result) throw new Error(`${path} answered ${res.status}: ${body.error?.message ?? 'no result'}`);
  return body.result.data;
}

async function signIn(username: string): Promise<{ cookie: string; userId: string }> {
  const res = await fetch(`${server.url}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('td_session=')) ?? '';
  const body = (await res.json()) as TrpcBody<{ id: string }>;
  return { cookie: setCookie.split(';')[0] ?? '', userId: body.result?.data.id ?? '' };
}

function openSocket(cookie?: string): ClientSocket {
  return openTestSocket(server.url, sockets, cookie);
}

async function listen(username: string, rooms: string[]): Promise<Listener> {
  const { cookie, userId } = await signIn(username);
  const socket = openSocket(cookie);
  const heard: CasePush[] = [];
  socket.on('push', (m) => heard.push(m));
  await connected(socket);
  const ack = await subscribe(socket, [...rooms, `agent:${userId}`]);
  expect(ack.refused).toEqual([]);
  return { cookie, userId, socket, heard, startSeq: Object.fromEntries(ack.joined.map((j) => [j.room, j.seq])) };
}

async function waitFor(what: string, done: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Give pushes that should not come a moment to arrive anyway. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

/** What the queue shows of a case: the QueueItem fields of the detail the server answered with. */
const itemOf = (detail: CaseDetail): QueueItem => queueItemSchema.parse(detail);

const pushesFor = (listener: Listener, caseId: string, room?: string) =>
  listener.heard.filter((m) => m.item.id === caseId && (room === undefined || m.room === room));

function sendEvent(
  cookie: string,
  c: CaseDetail,
  event: Record<string, unknown> & { type: string },
): Promise<CaseDetail> {
  return call<CaseDetail>('cases.send', cookie, {
    caseId: c.id,
    expectedVersion: c.version,
    idempotencyKey: key(),
    event,
  });
}

function openRefund(cookie: string): Promise<CaseDetail> {
  return call<CaseDetail>('cases.create', cookie, {
    kind: 'refund',
    channel: 'phone',
    customerId: fx.customers.zhang,
    bookingId: fx.bookings.zhangRail.id,
    subject: '客户来电要求退票',
    idempotencyKey: key(),
  });
}

// ---------------------------------------------------------------------------------------------

describe('live pushes', () => {
  it('a new refund case and its next event reach the refunds queue and the supervisors, in sequence', async () => {
    // Opened by a supervisor, so it waits in the queue unassigned (an agent's own case also goes to their room).
    const created = await openRefund(supervisor.cookie);
    await waitFor(
      'the creation push',
      () => pushesFor(agent, created.id).length === 1 && pushesFor(supervisor, created.id).length === 1,
    );
    const noted = await sendEvent(agent.cookie, created, { type: 'ADD_NOTE', text: '客户确认行程取消' });
    await waitFor(
      'the note push',
      () => pushesFor(agent, created.id).length === 2 && pushesFor(supervisor, created.id).length === 2,
    );

    const refunds = agent.startSeq['queue:refunds'] ?? 0;
    expect(pushesFor(agent, created.id)).toEqual([
      { room: 'queue:refunds', seq: refunds + 1, type: 'case.upsert', item: itemOf(created) },
      { room: 'queue:refunds', seq: refunds + 2, type: 'case.upsert', item: itemOf(noted) },
    ]);
    const supervisors = supervisor.startSeq.supervisors ?? 0;
    expect(pushesFor(supervisor, created.id)).toEqual([
      { room: 'supervisors', seq: supervisors + 1, type: 'case.upsert', item: itemOf(created) },
      { room: 'supervisors', seq: supervisors + 2, type: 'case.upsert', item: itemOf(noted) },
    ]);
    expect(itemOf(noted)).toMatchObject({ queue: 'refunds', state: 'verifying', version: created.version + 1 });

    await settle();
    expect(salesAgent.heard.filter((m) => m.item.id === created.id)).toEqual([]);
    expect(anonymousHeard).toEqual([]);
  });

  it('a case waiting for approval reaches the approvals room, and the refunds room hears it leave', async () => {
    let c = await openRefund(supervisor.cookie);
    c = await sendEvent(agent.cookie, c, { type: 'VERIFY', idNumber: ZHANG_ID });
    c = await sendEvent(agent.cookie, c, {
      type: 'QUOTE_REFUND',
      passengerIds: ['p1'],
      involuntary: true,
      reason: '列车停运',
    });
    c = await sendEvent(agent.cookie, c, { type: 'CUSTOMER_CONFIRMED' });
    expect(c).toMatchObject({ state: 'awaiting_approval', queue: 'approvals' });

    await waitFor('the approvals push', () => pushesFor(supervisor, c.id, 'queue:approvals').length === 1);
    await waitFor('the refunds room to hear the case leave', () =>
      pushesFor(agent, c.id).some((m) => m.item.version === c.version),
    );
    const [arrival] = pushesFor(supervisor, c.id, 'queue:approvals');
    expect(arrival).toEqual({
      room: 'queue:approvals',
      seq: expect.any(Number) as number,
      type: 'case.upsert',
      item: itemOf(c),
    });
    const leaving = pushesFor(agent, c.id).at(-1);
    expect(leaving).toMatchObject({
      room: 'queue:refunds',
      item: { queue: 'approvals', state: 'awaiting_approval', version: c.version },
    });
    // Every change of the case reached the refunds room, including the one that took it away.
    expect(pushesFor(agent, c.id).map((m) => m.item.version)).toEqual([1, 2, 3, 4]);
  });

  it('an ASSIGN reaches the assignee’s own room, and a TRANSFER the new queue', async () => {
    let c = await openRefund(supervisor.cookie);
    c = await sendEvent(supervisor.cookie, c, { type: 'ASSIGN', assigneeId: agent.userId });
    await waitFor('the assignment push', () => pushesFor(agent, c.id, `agent:${agent.userId}`).length === 1);
    expect(pushesFor(agent, c.id, `agent:${agent.userId}`)[0]?.item).toEqual(itemOf(c));
    expect(c.assignee).toEqual({ id: agent.userId, name: fx.users.agent.name });

    // A refund can only move to the queues refunds are worked in (approvals, escalations).
    c = await sendEvent(supervisor.cookie, c, { type: 'TRANSFER', queue: 'approvals' });
    expect(c.queue).toBe('approvals');
    await waitFor('the transfer push', () => pushesFor(supervisor, c.id, 'queue:approvals').length === 1);
    expect(pushesFor(supervisor, c.id, 'queue:approvals')[0]?.item).toEqual(itemOf(c));
    expect(pushesFor(agent, c.id, 'queue:refunds').map((m) => m.item.queue)).toEqual([
      'refunds',
      'refunds',
      'approvals',
    ]);
  });

  it('a complaint is pushed to the supervisors but not to an agent’s queues', async () => {
    const complaint = await call<CaseDetail>('cases.create', supervisor.cookie, {
      kind: 'complaint',
      channel: 'chat',
      customerId: fx.customers.li,
      subject: '列车晚点投诉',
      idempotencyKey: key(),
    });
    await waitFor('the complaint push', () => pushesFor(supervisor, complaint.id).length === 1);
    expect(pushesFor(supervisor, complaint.id)[0]).toMatchObject({ room: 'supervisors', item: itemOf(complaint) });
    await settle();
    expect(pushesFor(agent, complaint.id)).toEqual([]);
    expect(pushesFor(salesAgent, complaint.id)).toEqual([]);
  });

  it('every room’s pushes came in unbroken sequence from the number given on joining', async () => {
    await settle();
    for (const listener of [agent, supervisor, salesAgent]) {
      const rooms = new Set(listener.heard.map((m) => m.room));
      for (const room of rooms) {
        expect(Object.keys(listener.startSeq)).toContain(room);
        const seqs = listener.heard.filter((m) => m.room === room).map((m) => m.seq);
        const start = listener.startSeq[room] ?? 0;
        expect(seqs, room).toEqual(seqs.map((_, i) => start + i + 1));
      }
    }
    expect(supervisor.heard.filter((m) => m.room === 'supervisors').length).toBeGreaterThanOrEqual(10);
    expect(anonymousHeard).toEqual([]);
  });

  it('signing out closes the sockets of that session: nothing more is pushed to them', async () => {
    const leaving = await listen('agent2', ['queue:refunds']);
    const closed = new Promise<string>((resolve) =>
      leaving.socket.once('disconnect', (reason) => resolve(String(reason))),
    );
    await call('auth.logout', leaving.cookie, {});
    expect(await closed).toBe('io server disconnect');
    const heardBefore = leaving.heard.length;
    await openRefund(agent.cookie);
    await settle();
    expect(leaving.heard.length).toBe(heardBefore);
  });
});
