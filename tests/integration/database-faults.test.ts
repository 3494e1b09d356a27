/**
 * The database gone or hung while the server runs: MongoDB sits behind a TCP proxy the test can
 * freeze (nothing answers) or take down (connections dropped and refused). Requests and the socket
 * handshake answer within 2 s with 503 and a clear message, and work again when it is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { connected, openTestSocket, type ClientSocket } from '../support/sockets';
import { loadConfig } from '../../server/src/config';
import { createServer, type RunningServer } from '../../server/src/http/server';
import { testDatabase } from '../support/db';
import { createPlatformFixtures, PASSWORD } from '../support/platform';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

let proxy: TcpProxy;
let server: RunningServer;
let cookie: string;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  const { uri, dbName } = testDatabase('db_faults');
  const target = new URL(uri);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 27017) });
  const config = loadConfig({
    MONGODB_URI: `mongodb://127.0.0.1:${proxy.port}/`,
    MONGODB_DB: dbName,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
  });
  server = await createServer(config, { jobs: false, seed: false, staticDir: null });
  await createPlatformFixtures();
  const res = await fetch(`${server.url}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'agent1', password: PASSWORD }),
  });
  cookie = (res.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  expect(cookie).toMatch(/^td_session=/);
}, 30_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await proxy?.restore();
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await server?.close();
  await proxy?.stop();
});

type Answer = { status: number; ms: number; message: string; domainCode: string | null; reason: unknown };

async function timed(
  path: string,
  init: { input?: unknown; method?: 'GET' | 'POST'; cookie?: string | null } = {},
): Promise<Answer> {
  const started = Date.now();
  const headers: Record<string, string> = init.cookie === null ? {} : { cookie: init.cookie ?? cookie };
  const res =
    init.method === 'POST'
      ? await fetch(`${server.url}/trpc/${path}`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify(init.input ?? null),
          signal: AbortSignal.timeout(25_000),
        })
      : await fetch(`${server.url}/trpc/${path}`, { headers, signal: AbortSignal.timeout(25_000) }).catch(
          (e: unknown) => {
            throw new Error(`no answer after ${Date.now() - started} ms: ${String(e)}`);
          },
        );
  const body = (await res.json()) as {
    error?: { message: string; data?: { domain?: { code: string; details?: { reason?: unknown } } | null } };
  };
  return {
    status: res.status,
    ms: Date.now() - started,
    message: body.error?.message ?? '',
    domainCode: body.error?.data?.domain?.code ?? null,
    reason: body.error?.data?.domain?.details?.reason,
  };
}

function expectDatabaseUnreachable(answer: Answer) {
  console.log(`answered ${answer.status} after ${answer.ms} ms: ${answer.message}`);
  expect(answer.status).toBe(503);
  expect(answer.ms).toBeLessThan(2_000);
  expect(answer.message).toBe('The database is not reachable; please try again in a moment.');
  expect(answer.domainCode).toBe('UNAVAILABLE');
  expect(answer.reason).toBe('database');
}

async function untilAnswered(path: string, status: number, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  let last: Answer | null = null;
  while (Date.now() < deadline) {
    last = await timed(path).catch(() => null);
    if (last?.status === status) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${path} still answered ${last?.status ?? 'nothing'} after ${withinMs} ms`);
}

describe('a hung database (nothing answers)', () => {
  it('answers requests 503 with a clear message within 2 s, signed in or not, and recovers', async () => {
    expect((await timed('users.list')).status).toBe(200);
    proxy.freeze();
    expectDatabaseUnreachable(await timed('users.list'));
    expectDatabaseUnreachable(
      await timed('auth.login', { method: 'POST', cookie: null, input: { username: 'agent2', password: PASSWORD } }),
    );
    await proxy.restore();
    await untilAnswered('users.list', 200, 10_000);
  }, 30_000);

  it('refuses the socket handshake with UNAVAILABLE within 2 s', async () => {
    proxy.freeze();
    const started = Date.now();
    const error = await connected(openTestSocket(server.url, sockets, cookie)).then(
      () => null,
      (e: unknown) => e as Error,
    );
    const ms = Date.now() - started;
    console.log(`socket handshake while frozen: ${error?.message ?? 'connected'} after ${ms} ms`);
    expect(error?.message).toBe('UNAVAILABLE');
    expect(ms).toBeLessThan(2_000);
    await proxy.restore();
    await untilAnswered('users.list', 200, 10_000);
  }, 30_000);
});

describe('a database that is gone (connections dropped and refused)', () => {
  it('answers 503 with a clear message within 2 s, and works again once it is back', async () => {
    await proxy.down();
    expectDatabaseUnreachable(await timed('users.list'));
    expectDatabaseUnreachable(await timed('users.list'));
    await proxy.restore();
    await untilAnswered('users.list', 200, 10_000);
  }, 30_000);
});
