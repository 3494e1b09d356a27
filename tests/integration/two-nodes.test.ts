/**
 * Two nodes for real: two server processes (A and B, each its own Node process with the timer and
 * outbox jobs running) on one MongoDB and one Redis (REDIS_URL, which .ci/run starts; a
 * redis-server started here otherwise). A change through A reaches a console on B; refunds
 * settled while both nodes' jobs poll are paid once, and a due timer fires once; the sign-in
 * throttle counts guesses to both together; A killed with SIGKILL in a burst leaves B serving,
 * and every change either node acknowledged is in the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { randomUUID } from 'node:crypto';
import { CaseModel, type HistoryRecord } from '../../server/src/db/models/case';
import { PaymentModel } from '../../server/src/db/models/payment';
import { AuditModel } from '../../server/src/db/models/audit';
import { createCase } from '../../server/src/cases/cases.service';
import type { CasePush } from '../../shared/realtime';
import { testDatabase } from '../support/db';
import { testClock, testDeps } from '../support/deps';
import { createPlatformFixtures, PASSWORD, ZHANG_ID, type PlatformFixtures } from '../support/platform';
import { ticketedRailBooking } from '../support/engine-steps';
import { testRedis, type TestRedis } from '../support/redis';
import { startSecondServer, type SecondServer } from '../support/second-server';
import { io } from 'socket.io-client';
import { connected, openTestSocket, subscribe, type ClientSocket } from '../support/sockets';

/** Both nodes' clocks start here, so the fixtures' departures (2026-05-25) are ahead. */
const NOW = '2026-05-05T09:00:00+08:00';

let redis: TestRedis;
let nodeA: SecondServer;
let nodeB: SecondServer;
let fx: PlatformFixtures;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  redis = await testRedis();
  const { uri, dbName } = testDatabase('two_nodes');
  await mongoose.connect(uri, { dbName, serverSelectionTimeoutMS: 5000 });
  await mongoose.connection.syncIndexes();
  fx = await createPlatformFixtures();
  const env = {
    MONGODB_URI: uri,
    MONGODB_DB: dbName,
    REDIS_URL: redis.url,
    TEST_JOBS: '1',
    JOB_INTERVAL_MS: '50',
    TEST_NOW: NOW,
    RATE_LIMIT_PER_MINUTE: '0',
  };
  [nodeA, nodeB] = await Promise.all([startSecondServer(env), startSecondServer(env)]);
}, 60_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await nodeA?.stop().catch(() => undefined);
  await nodeB?.stop();
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await mongoose.disconnect();
  await redis?.stop();
});

type TrpcBody<T> = { result?: { data: T }; error?: { message: string; data?: { code?: string } } };

/** A tRPC mutation over HTTP: the status, the data, the error message and the session cookie set. */
async function mutate<T>(url: string, path: string, cookie: string | null, input: unknown) {
  const res = await fetch(`${url}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as TrpcBody<T>;
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('td_session=')) ?? '';
  return { status: res.status, data: body.result?.data, error: body.error?.message, cookie: setCookie.split(';')[0] };
}

async function signIn(url: string, username: string): Promise<string> {
  const res = await mutate(url, 'auth.login', null, { username, password: PASSWORD });
  expect(res.status).toBe(200);
  return res.cookie ?? '';
}

type Case = { id: string; version: number; state: string; ref: string };

async function send(url: string, cookie: string, c: Case, event: Record<string, unknown>, key = randomUUID()) {
  const res = await mutate<Case>(url, 'cases.send', cookie, {
    caseId: c.id,
    expectedVersion: c.version,
    idempotencyKey: key,
    event,
  });
  if (res.status !== 200 || !res.data) throw new Error(`${String(event.type)} on ${url}: ${res.status} ${res.error}`);
  return res.data;
}

async function eventually<T>(what: string, check: () => Promise<T | null>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function pushesOn(socket: ClientSocket): CasePush[] {
  const received: CasePush[] = [];
  socket.on('push', (push) => received.push(push as CasePush));
  return received;
}

async function historyOf(caseId: string): Promise<HistoryRecord[]> {
  return (await CaseModel.findById(caseId, { history: 1 }).lean<{ history: HistoryRecord[] }>())?.history ?? [];
}

describe('two nodes on one MongoDB and one Redis', () => {
  it('a case opened through A reaches a console on B', async () => {
    const cookie = await signIn(nodeA.url, 'agent1');
    const console = openTestSocket(nodeB.url, sockets, cookie);
    await connected(console);
    const ack = await subscribe(console, ['queue:refunds']);
    expect(ack.refused).toEqual([]);
    const received = pushesOn(console);
    const booking = await ticketedRailBooking(fx, { ref: 'TN0000001', ticketNumber: 'E000000001' });
    const created = await mutate<Case>(nodeA.url, 'cases.create', cookie, {
      kind: 'refund',
      channel: 'phone',
      customerId: fx.customers.zhang,
      bookingId: booking.id,
      subject: '两个节点：退票',
      idempotencyKey: randomUUID(),
    });
    expect(created.status).toBe(200);
    const push = await eventually(
      'the push on B',
      async () => received.find((p) => p.item.id === created.data?.id) ?? null,
    );
    console.close();
    expect(push).toMatchObject({ room: 'queue:refunds', type: 'case.upsert', item: { ref: created.data?.ref } });
  });

  it('refunds confirmed on both nodes while both run the outbox job are each paid once, and a due timer fires once', async () => {
    const cookie = await signIn(nodeB.url, 'agent1');
    const nodes = [nodeA.url, nodeB.url];
    const refunds: Case[] = [];
    for (let i = 0; i < 6; i++) {
      const url = nodes[i % 2]!;
      const booking = await ticketedRailBooking(fx, { ref: `TN10000${i}`, ticketNumber: `E10000000${i}` });
      const created = await mutate<Case>(url, 'cases.create', cookie, {
        kind: 'refund',
        channel: 'phone',
        customerId: fx.customers.zhang,
        bookingId: booking.id,
        subject: `两个节点：退票 ${i}`,
        idempotencyKey: randomUUID(),
      });
      let c = created.data!;
      c = await send(url, cookie, c, { type: 'VERIFY', idNumber: ZHANG_ID });
      c = await send(nodes[(i + 1) % 2]!, cookie, c, {
        type: 'QUOTE_REFUND',
        passengerIds: ['p1'],
        reason: '行程取消',
      });
      refunds.push(c);
    }
    // Confirmed at once on alternating nodes: both nodes' outbox jobs find the effects at the same time.
    const confirmed = await Promise.all(
      refunds.map((c, i) => send(nodes[i % 2]!, cookie, c, { type: 'CUSTOMER_CONFIRMED' })),
    );
    expect(confirmed.map((c) => c.state)).toEqual(refunds.map(() => 'submitting'));

    // A complaint whose first-response time passed a day ago (made here, on yesterday's clock): both timer jobs see it due.
    const yesterday = testDeps({ now: testClock('2026-05-04T08:00:00+08:00').now });
    const late = await createCase(yesterday, fx.users.complaint_handler, {
      kind: 'complaint',
      channel: 'phone',
      customerId: fx.customers.li,
      subject: '两个节点：超时未回复',
      idempotencyKey: randomUUID(),
    });

    await eventually('every refund settled', async () => {
      const states = await CaseModel.find({ _id: { $in: refunds.map((c) => c.id) } }, { state: 1 }).lean();
      return states.every((s) => s.state === 'settled') ? states : null;
    });
    await eventually('the first-response timer fired', async () =>
      (await historyOf(late.id)).some((h) => h.event === 'FIRST_RESPONSE_DUE') ? true : null,
    );
    // Both nodes keep polling meanwhile: give them a few more rounds to do anything twice.
    await new Promise((resolve) => setTimeout(resolve, 500));

    const payments = await PaymentModel.find({ kind: 'refund' }).lean();
    const settledEntries = await Promise.all(
      refunds.map(async (c) => (await historyOf(c.id)).filter((h) => h.event === 'REFUND_SETTLED').length),
    );
    const timerEntries = (await historyOf(late.id)).filter((h) => h.event === 'FIRST_RESPONSE_DUE').length;
    process.stdout.write(
      `two nodes: ${payments.length} refund payments for ${refunds.length} cases, REFUND_SETTLED per case ${JSON.stringify(settledEntries)}, FIRST_RESPONSE_DUE ${timerEntries}\n`,
    );
    expect(payments).toHaveLength(refunds.length);
    expect(payments.every((p) => p.amountFen === payments[0]!.amountFen)).toBe(true);
    expect(settledEntries).toEqual(refunds.map(() => 1));
    expect(timerEntries).toBe(1);
  }, 30_000);

  it('counts sign-in guesses sent to both nodes together', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        mutate(i % 2 === 0 ? nodeA.url : nodeB.url, 'auth.login', null, {
          username: 'qa1',
          password: `guess-${i}`,
        }).then((r) => r.status),
      ),
    );
    const checked = await AuditModel.countDocuments({ action: 'login.failed', target: 'qa1' });
    expect(checked).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 401)).toHaveLength(checked);
    expect(statuses.filter((s) => s === 429)).toHaveLength(16 - checked);
  });

  it('a console on B that drops for a moment is given what it missed (connection state recovery)', async () => {
    const cookie = await signIn(nodeA.url, 'handler1');
    const watcher = io(nodeB.url, {
      path: '/socket.io',
      transports: ['websocket'],
      extraHeaders: { cookie },
      forceNew: true,
      reconnectionDelay: 100,
      reconnectionDelayMax: 200,
    }) as ClientSocket;
    sockets.push(watcher);
    await connected(watcher);
    await subscribe(watcher, ['queue:complaints']);
    const received = pushesOn(watcher);
    const created = await mutate<Case>(nodeA.url, 'cases.create', cookie, {
      kind: 'complaint',
      channel: 'phone',
      customerId: fx.customers.li,
      subject: '两个节点：断线恢复',
      idempotencyKey: randomUUID(),
    });
    const c = created.data!;
    await eventually('the first push', async () => received.find((p) => p.item.id === c.id) ?? null);
    // The network drops (the transport closes under the client); a change is made on A meanwhile.
    const back = new Promise<void>((resolve) => watcher.once('connect', () => resolve()));
    watcher.io.engine.close();
    const noted = await send(nodeA.url, cookie, c, { type: 'ADD_NOTE', text: '断线期间' });
    await back;
    const missed = await eventually(
      'the push missed while away',
      async () => received.find((p) => p.item.id === c.id && p.item.version === noted.version) ?? null,
    );
    process.stdout.write(`recovery: recovered=${String(watcher.recovered)}, missed push seq ${missed.seq} delivered\n`);
    expect(watcher.recovered).toBe(true);
  });

  it('A killed with SIGKILL in a burst: B keeps serving, and no change either node acknowledged is lost', async () => {
    const cookie = await signIn(nodeB.url, 'handler1');
    const watcher = openTestSocket(nodeB.url, sockets, await signIn(nodeB.url, 'super1'));
    await connected(watcher);
    await subscribe(watcher, ['supervisors']);
    const received = pushesOn(watcher);
    const cases: Case[] = [];
    for (let i = 0; i < 30; i++) {
      const created = await mutate<Case>(nodeB.url, 'cases.create', cookie, {
        kind: 'complaint',
        channel: 'chat',
        customerId: fx.customers.li,
        subject: `两个节点：突发 ${i}`,
        idempotencyKey: randomUUID(),
      });
      cases.push(created.data!);
    }
    // One note per case, sent to A one after another; A dies after the tenth answer. A note A did not
    // answer is retried on B with the same key, as the console does.
    const acknowledged = new Map<string, string>();
    let retriedOnB = 0;
    const burst = cases.map(async (c, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * 15));
      const key = randomUUID();
      const event = { type: 'ADD_NOTE', text: `突发备注 ${i}` };
      try {
        await send(nodeA.url, cookie, c, event, key);
      } catch {
        retriedOnB++;
        await send(nodeB.url, cookie, c, event, key);
      }
      acknowledged.set(c.id, event.text);
      if (acknowledged.size === 10) void nodeA.kill();
    });
    await Promise.all(burst);
    process.stdout.write(`SIGKILL burst: ${acknowledged.size} notes acknowledged, ${retriedOnB} retried on B\n`);
    expect(acknowledged.size).toBe(cases.length);
    expect(retriedOnB).toBeGreaterThan(0);
    for (const c of cases) {
      const notes = (await historyOf(c.id)).filter((h) => h.event === 'ADD_NOTE');
      expect(notes.map((n) => n.payload.text)).toEqual([acknowledged.get(c.id)]);
    }
    // B still pushes: the watcher on B hears of a change made on B after A died.
    const after = await send(
      nodeB.url,
      cookie,
      { ...cases[0]!, version: cases[0]!.version + 1 },
      {
        type: 'ADD_NOTE',
        text: 'A 之后',
      },
    );
    await eventually(
      'a push on B after A died',
      async () => received.find((p) => p.item.id === after.id && p.item.version === after.version) ?? null,
    );
  }, 30_000);
});
