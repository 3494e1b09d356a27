/**
 * Push latency with 200 connected consoles: the whole server (createServer) on a free port, 200
 * socket.io-client sockets signed in with real session cookies and subscribed to queue:refunds,
 * and case events sent over tRPC HTTP. For every push each socket receives we take two times, on
 * one clock (sockets and server share this process):
 * - from commit: when the engine handed the committed case to the publisher (after its write);
 * - from request: just before the HTTP request that caused it left.
 * Sockets living in the server's process also means the receiving side's work (websocket frames,
 * JSON parsing for 200 sockets) competes with the server for one event loop, as it would not for
 * real consoles: the figures are an upper bound for fan-out on this machine.
 */
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { CaseDetail } from '../../shared/cases';
import { rooms, type CasePush, type ClientToServerEvents, type ServerToClientEvents } from '../../shared/realtime';
import { UserModel } from '../../server/src/db/models/user';
import { createServer, type RunningServer } from '../../server/src/http/server';
import { createPlatformFixtures, PASSWORD, type PlatformFixtures } from '../support/platform';
import { benchLogger, benchServerConfig, log } from './bench-env';
import { latencyStats, type LatencyStats } from './latency';
import { apiClient, signIn } from './sessions';

type ConsoleSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type PushPhaseResult = {
  senders: number;
  events: number;
  fromCommitMs: LatencyStats;
  fromRequestMs: LatencyStats;
  httpResponseMs: LatencyStats;
  /** Pushes a socket should have had but did not within 5 s. */
  missed: number;
};

export type PushBenchResult = {
  pushLatencyMs: { p50: number; p99: number; max: number; samples: number };
  sockets: number;
  sessions: number;
  room: string;
  /** One event at a time: each waits until all sockets have its push. */
  sequential: PushPhaseResult;
  /** Eight senders at once, each on its own case. */
  concurrent8: PushPhaseResult;
  connectMs: number;
  note: string;
};

const ROOM = rooms.queue('refunds');
const RECEIPT_TIMEOUT_MS = 5_000;

type Expected = { commitAt: number | null; requestAt: number; receipts: number[]; done: () => void };

/** Sign-ins for the sockets: the fixture users who may watch the refunds queue plus extra agents. */
async function signInConsoles(
  server: RunningServer,
  extraAgents: number,
): Promise<{ cookies: string[]; fx: PlatformFixtures }> {
  const fx = await createPlatformFixtures();
  const template = await UserModel.findById(fx.users.agent.id).lean<{ passwordHash: string }>();
  if (!template) throw new Error('fixture agent missing');
  // One argon2 hash shared by all extra agents: hashing 15 times would only slow the set-up.
  await UserModel.insertMany(
    Array.from({ length: extraAgents }, (_, i) => ({
      username: `bench_agent${i + 1}`,
      name: `压测坐席${i + 1}`,
      role: 'agent',
      passwordHash: template.passwordHash,
      active: true,
      queues: ['sales', 'refunds'],
    })),
  );
  const usernames = [
    'agent1',
    'agent2',
    'super1',
    'admin1',
    'qa1',
    ...Array.from({ length: extraAgents }, (_, i) => `bench_agent${i + 1}`),
  ];
  const cookies: string[] = [];
  for (const username of usernames) cookies.push((await signIn(server.url, username, PASSWORD)).cookie);
  return { cookies, fx };
}

async function connectSocket(url: string, cookie: string): Promise<ConsoleSocket> {
  const socket: ConsoleSocket = io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    extraHeaders: { cookie },
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  type SubscribeResult = Parameters<Parameters<ClientToServerEvents['subscribe']>[1]>[0];
  const ack: SubscribeResult = await socket.timeout(RECEIPT_TIMEOUT_MS).emitWithAck('subscribe', [ROOM]);
  if (!ack.joined.some((entry) => entry.room === ROOM)) throw new Error(`subscribe refused: ${JSON.stringify(ack)}`);
  return socket;
}

export async function pushBench(options: {
  uri: string;
  dbName: string;
  sockets: number;
  events: number;
}): Promise<PushBenchResult> {
  const server = await createServer(benchServerConfig(options.uri, options.dbName), {
    jobs: false,
    seed: false,
    staticDir: null,
    logger: benchLogger(),
  });
  const sockets: ConsoleSocket[] = [];
  try {
    log('push: signing in 20 users');
    const { cookies, fx } = await signInConsoles(server, 15);
    const agentCookie = cookies[0] ?? '';
    const api = apiClient(server.url, agentCookie);

    // Pushes are keyed by case and version: exactly one push per committed change per room.
    const expected = new Map<string, Expected>();
    const keyOf = (caseId: string, version: number) => `${caseId}:${version}`;
    const original = server.deps.publisher;
    server.deps.publisher = {
      publishCase(item, previous) {
        const entry = expected.get(keyOf(item.id, item.version));
        if (entry) entry.commitAt = performance.now();
        original.publishCase(item, previous);
      },
      publishConversation: (conversation, rooms) => original.publishConversation(conversation, rooms),
      currentSeq: (room) => original.currentSeq(room),
    };

    const cases: CaseDetail[] = [];
    for (let i = 0; i < 8; i++) {
      cases.push(
        await api.cases.create.mutate({
          kind: 'refund',
          channel: 'phone',
          customerId: fx.customers.zhang,
          bookingId: fx.bookings.zhangRail.id,
          subject: `推送压测 ${i + 1}`,
          idempotencyKey: `bench-${randomUUID()}`,
        }),
      );
    }

    log(`push: connecting ${options.sockets} sockets`);
    const connectStart = performance.now();
    for (let i = 0; i < options.sockets; i += 20) {
      const batch = Array.from({ length: Math.min(20, options.sockets - i) }, (_, j) =>
        connectSocket(server.url, cookies[(i + j) % cookies.length] ?? ''),
      );
      sockets.push(...(await Promise.all(batch)));
    }
    const connectMs = Math.round(performance.now() - connectStart);
    for (const socket of sockets) {
      socket.on('push', (message: CasePush) => {
        const at = performance.now();
        if (message.room !== ROOM) return;
        const entry = expected.get(keyOf(message.item.id, message.item.version));
        if (!entry) return;
        entry.receipts.push(at);
        if (entry.receipts.length === sockets.length) entry.done();
      });
    }

    const runPhase = async (senders: number, events: number): Promise<PushPhaseResult> => {
      const fromCommit: number[] = [];
      const fromRequest: number[] = [];
      const http: number[] = [];
      let missed = 0;
      let next = 0;
      await Promise.all(
        Array.from({ length: senders }, async (_, sender) => {
          for (let n = next++; n < events; n = next++) {
            const current = cases[sender];
            if (!current) throw new Error('no case for sender');
            const key = keyOf(current.id, current.version + 1);
            let done = () => {};
            const allReceived = new Promise<void>((resolve) => (done = resolve));
            const entry: Expected = { commitAt: null, requestAt: performance.now(), receipts: [], done };
            expected.set(key, entry);
            const updated = await api.cases.send.mutate({
              caseId: current.id,
              expectedVersion: current.version,
              idempotencyKey: `bench-${randomUUID()}`,
              event: { type: 'ADD_NOTE', text: `压测备注 ${n + 1}` },
            });
            http.push(performance.now() - entry.requestAt);
            cases[sender] = updated;
            let timer: NodeJS.Timeout | undefined;
            await Promise.race([
              allReceived,
              new Promise<void>((resolve) => (timer = setTimeout(resolve, RECEIPT_TIMEOUT_MS))),
            ]);
            clearTimeout(timer);
            expected.delete(key);
            missed += sockets.length - entry.receipts.length;
            for (const at of entry.receipts) {
              fromRequest.push(at - entry.requestAt);
              if (entry.commitAt !== null) fromCommit.push(at - entry.commitAt);
            }
          }
        }),
      );
      return {
        senders,
        events,
        fromCommitMs: latencyStats(fromCommit),
        fromRequestMs: latencyStats(fromRequest),
        httpResponseMs: latencyStats(http),
        missed,
      };
    };

    log('push: warm-up (5 events)');
    await runPhase(1, 5);
    log(`push: ${options.events} events, one at a time`);
    const sequential = await runPhase(1, options.events);
    log(`push: sequential p50 ${sequential.fromCommitMs.p50} ms, p99 ${sequential.fromCommitMs.p99} ms from commit`);
    log(`push: ${options.events} events from 8 senders`);
    const concurrent8 = await runPhase(8, options.events);
    log(`push: concurrent p50 ${concurrent8.fromCommitMs.p50} ms, p99 ${concurrent8.fromCommitMs.p99} ms from commit`);

    const { p50, p99, max, samples } = sequential.fromCommitMs;
    return {
      pushLatencyMs: { p50, p99, max, samples },
      sockets: sockets.length,
      sessions: cookies.length,
      room: ROOM,
      sequential,
      concurrent8,
      connectMs,
      note: 'pushLatencyMs is the sequential phase, from the commit (publishCase after the write) to each socket receiving the push; sockets share the server process and event loop',
    };
  } finally {
    for (const socket of sockets) socket.disconnect();
    await server.database.connection.dropDatabase().catch(() => undefined);
    await server.close();
  }
}
