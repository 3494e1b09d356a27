/**
 * What the wallboard costs the server: one aggregation per burst of changes, pushed to the
 * supervisors' room, whether one supervisor watches or fifty; each watcher gets the new figure
 * within a second of the change. The whole server on a real port, sockets on real sessions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import type { Board } from '../../shared/wallboard';
import { loadConfig } from '../../server/src/config';
import { createServer, type RunningServer } from '../../server/src/http/server';
import { boardCost } from '../../server/src/supervisor/board.service';
import { connected, openTestSocket, subscribe, type ClientSocket } from '../support/sockets';
import { testDatabase } from '../support/db';
import { createPlatformFixtures, PASSWORD, type PlatformFixtures } from '../support/platform';

let server: RunningServer;
let fx: PlatformFixtures;
let cookie: string;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  const { uri, dbName } = testDatabase('wallboard_cost');
  const config = loadConfig({
    MONGODB_URI: uri,
    MONGODB_DB: dbName,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    MAX_SOCKETS_PER_SESSION: '60',
  });
  server = await createServer(config, { jobs: false, seed: false, staticDir: null });
  fx = await createPlatformFixtures();
  const res = await fetch(`${server.url}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'super1', password: PASSWORD }),
  });
  cookie = (res.headers.getSetCookie().find((c) => c.startsWith('td_session=')) ?? '').split(';')[0] ?? '';
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await server?.close();
});

type Watcher = { boards: { board: Board; receivedAt: number }[] };

async function watch(count: number): Promise<Watcher[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const socket = openTestSocket(server.url, sockets, cookie);
      const watcher: Watcher = { boards: [] };
      socket.on('board', ({ board }) => watcher.boards.push({ board, receivedAt: Date.now() }));
      await connected(socket);
      const ack = await subscribe(socket, ['supervisors']);
      expect(ack.refused).toEqual([]);
      return watcher;
    }),
  );
}

let subjectSeq = 0;
/** Five new cases in the sales queue, one after another over HTTP; resolves with when the last was answered. */
async function burstOfChanges(): Promise<number> {
  let answeredAt = 0;
  for (let i = 0; i < 5; i++) {
    const res = await fetch(`${server.url}/trpc/cases.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({
        kind: 'booking',
        channel: 'phone',
        customerId: fx.customers.zhang,
        subject: `订票 ${subjectSeq}`,
        idempotencyKey: `cost-${process.pid}-${subjectSeq++}`,
      }),
    });
    expect(res.status).toBe(200);
    answeredAt = Date.now();
  }
  return answeredAt;
}

const salesOpen = (board: Board) => board.queues.find((q) => q.name === 'sales')?.openCases ?? -1;

async function until(what: string, done: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Aggregation runs for one burst, and how long after the last change each watcher saw it. */
async function measure(watchers: Watcher[], expectedOpen: number) {
  for (const w of watchers) w.boards.length = 0;
  const before = boardCost.computations;
  const changedAt = await burstOfChanges();
  await until(`${watchers.length} watchers seeing ${expectedOpen} open sales cases`, () =>
    watchers.every((w) => w.boards.some((b) => salesOpen(b.board) === expectedOpen)),
  );
  // Anything still scheduled would run within the coalescing window: let it, so it is counted.
  await new Promise((resolve) => setTimeout(resolve, 400));
  const latencies = watchers.map(
    (w) => (w.boards.find((b) => salesOpen(b.board) === expectedOpen)?.receivedAt ?? Infinity) - changedAt,
  );
  return { computations: boardCost.computations - before, slowestMs: Math.max(...latencies) };
}

describe('wallboard cost', () => {
  it('costs fifty watching supervisors what one costs, and reaches each within a second', async () => {
    const first = await watch(1);
    const one = await measure(first, 5);
    const fifty = await measure([...first, ...(await watch(49))], 10);

    expect(one.computations).toBeGreaterThanOrEqual(1);
    // Five changes coalesce into at most a couple of runs (one per 250 ms window), for 1 or 50 watchers alike.
    expect(one.computations).toBeLessThanOrEqual(3);
    expect(fifty.computations).toBeLessThanOrEqual(one.computations + 1);
    expect(one.slowestMs).toBeLessThan(1000);
    expect(fifty.slowestMs).toBeLessThan(1000);
  }, 30_000);
});
