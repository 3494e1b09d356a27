/**
 * The whole server on a real port: HTTP (tRPC, cookies, headers, static console), Socket.IO (the
 * same session, room checks, sequence numbers) and /healthz.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import mongoose from 'mongoose';
import { io as connectIo } from 'socket.io-client';
import { connected, openTestSocket, subscribe, type ClientSocket } from '../support/sockets';
import type { QueueItem } from '../../shared/cases';
import type { CasePush } from '../../shared/realtime';
import { loadConfig } from '../../server/src/config';
import { createServer, type RunningServer } from '../../server/src/http/server';
import { DEMO_PASSWORD, DEMO_USERS, seedIfEmpty } from '../../seed/index';
import { UserModel } from '../../server/src/db/models/user';
import { SessionModel } from '../../server/src/db/models/session';
import { testDatabase } from '../support/db';

let server: RunningServer;
let staticDir: string;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  staticDir = await mkdtemp(join(tmpdir(), 'td-static-'));
  await mkdir(join(staticDir, 'assets'));
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>ticket-desk</title><div id="root"></div>');
  await writeFile(join(staticDir, 'assets', 'app-1a2b3c.js'), 'console.log("console")');
  await writeFile(
    join(staticDir, 'assets', 'big-4d5e6f.js'),
    Array.from({ length: 400 }, (_, i) => `export const label${i} = "queue row ${i}";`).join('\n'),
  );
  const { uri, dbName } = testDatabase('server');
  const config = loadConfig({
    MONGODB_URI: uri,
    MONGODB_DB: dbName,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
  });
  server = await createServer(config, { jobs: false, staticDir });
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await server?.close();
  await rm(staticDir, { recursive: true, force: true });
});

async function trpc(
  path: string,
  init: { input?: unknown; cookie?: string; method?: 'GET' | 'POST'; headers?: Record<string, string> } = {},
) {
  const method = init.method ?? 'POST';
  const headers: Record<string, string> = { ...(init.cookie ? { cookie: init.cookie } : {}), ...init.headers };
  if (method === 'POST') {
    return fetch(`${server.url}/trpc/${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(init.input ?? null),
    });
  }
  const query = init.input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(init.input))}`;
  return fetch(`${server.url}/trpc/${path}${query}`, { headers });
}

/** Signs in over HTTP and returns the cookie header to send back, plus the raw Set-Cookie. */
async function signIn(username: string): Promise<{ cookie: string; setCookie: string; userId: string }> {
  const res = await trpc('auth.login', { input: { username, password: DEMO_PASSWORD } });
  expect(res.status).toBe(200);
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('td_session=')) ?? '';
  const body = (await res.json()) as { result: { data: { id: string } } };
  return { cookie: setCookie.split(';')[0] ?? '', setCookie, userId: body.result.data.id };
}

function openSocket(cookie?: string): ClientSocket {
  return openTestSocket(server.url, sockets, cookie);
}

function queueItem(overrides: Partial<QueueItem>): QueueItem {
  return {
    id: 'cccccccccccccccccccccccc',
    ref: 'C-00001',
    kind: 'refund',
    state: 'quoted',
    status: 'open',
    queue: 'refunds',
    priority: 'normal',
    channel: 'phone',
    subject: 'refund G1',
    assignee: null,
    customer: null,
    bookingRef: null,
    createdAt: '2026-05-10T00:00:00.000Z',
    updatedAt: '2026-05-10T00:00:00.000Z',
    waitingSince: '2026-05-10T00:00:00.000Z',
    nextDueAt: null,
    nextDueEvent: null,
    version: 1,
    ...overrides,
  };
}

const settle = (ms = 150) => new Promise((resolve) => setTimeout(resolve, ms));

describe('HTTP', () => {
  it('GET /healthz reports the database', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, db: 'up' });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('seeded the demo users on first start, once', async () => {
    const usernames = async () => (await UserModel.find({}, { username: 1 }).lean()).map((u) => u.username).sort();
    const seeded = await usernames();
    expect(seeded).toEqual(expect.arrayContaining(DEMO_USERS.map((u) => u.username)));
    expect(await seedIfEmpty(server.deps)).toEqual({ seeded: false });
    expect(await usernames()).toEqual(seeded);
  });

  it('auth.login sets an httpOnly SameSite=Lax session cookie (not Secure outside production); me and logout use it', async () => {
    const { cookie, setCookie } = await signIn('agent1');
    expect(setCookie).toMatch(/^td_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/; HttpOnly/i);
    expect(setCookie).toMatch(/; SameSite=Lax/i);
    expect(setCookie).toMatch(/; Path=\//i);
    expect(setCookie).toMatch(/; Expires=/i);
    expect(setCookie).not.toMatch(/; Secure/i);

    const me = await trpc('auth.me', { method: 'GET', cookie });
    expect(((await me.json()) as { result: { data: { username: string } } }).result.data.username).toBe('agent1');

    const out = await trpc('auth.logout', { cookie });
    expect(out.status).toBe(200);
    const cleared = out.headers.getSetCookie().find((c) => c.startsWith('td_session=')) ?? '';
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);
    const after = await trpc('auth.me', { method: 'GET', cookie });
    expect(((await after.json()) as { result: { data: unknown } }).result.data).toBeNull();
  });

  it('a wrong password is 401 with the generic message and no cookie', async () => {
    const res = await trpc('auth.login', { input: { username: 'agent1', password: 'nope-nope' } });
    expect(res.status).toBe(401);
    expect(res.headers.getSetCookie()).toEqual([]);
    const body = (await res.json()) as { error: { message: string; data: { code: string; domain: { code: string } } } };
    expect(body.error.message).toBe('Wrong username or password.');
    expect(body.error.data.domain.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(body)).not.toContain('    at ');
  });

  it('signed out is 401 UNAUTHORIZED, a refused role 403 FORBIDDEN', async () => {
    expect((await trpc('users.list', { method: 'GET', input: {} })).status).toBe(401);
    const { cookie } = await signIn('qa1');
    const res = await trpc('customers.reveal', {
      cookie,
      input: { customerId: 'ffffffffffffffffffffffff', field: 'phone', reason: 'curious' },
    });
    expect(res.status).toBe(403);
  });

  it('batches several procedures in one request', async () => {
    const { cookie } = await signIn('super1');
    const input = encodeURIComponent(JSON.stringify({ 0: null, 1: { role: 'agent' } }));
    const res = await fetch(`${server.url}/trpc/auth.me,users.list?batch=1&input=${input}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const [me, users] = (await res.json()) as [
      { result: { data: { role: string } } },
      { result: { data: { role: string }[] } },
    ];
    expect(me.result.data.role).toBe('supervisor');
    expect(users.result.data.length).toBeGreaterThanOrEqual(3);
    expect(users.result.data.every((u) => u.role === 'agent')).toBe(true);
  });

  it('hostile requests get clear 4xx answers', async () => {
    const { cookie } = await signIn('admin1');
    const operator = await trpc('customers.search', { method: 'GET', cookie, input: { query: { $ne: '' } } });
    expect(operator.status).toBe(400);
    const body = (await operator.json()) as {
      error: { data: { code: string; issues: { path: string[]; message: string }[] } };
    };
    expect(body.error.data.code).toBe('BAD_REQUEST');
    expect(body.error.data.issues.map((i) => i.path.join('.'))).toEqual(['query']);

    const malformed = await fetch(`${server.url}/trpc/customers.verifyIdentity`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{"customerId":',
    });
    expect(malformed.status).toBe(400);

    const huge = await fetch(`${server.url}/trpc/customers.verifyIdentity`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ customerId: 'ffffffffffffffffffffffff', idNumber: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(huge.status).toBe(413);

    const manyPaths = Array.from({ length: 51 }, () => 'auth.me').join(',');
    const batch = await fetch(`${server.url}/trpc/${manyPaths}?batch=1&input=${encodeURIComponent('{}')}`, {
      headers: { cookie },
    });
    expect(batch.status).toBe(400);

    const crossSite = await trpc('auth.login', {
      input: { username: 'agent1', password: DEMO_PASSWORD },
      headers: { origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.getSetCookie()).toEqual([]);
  });

  it('serves the console: files, index.html for app routes, 404 for missing assets and API paths', async () => {
    const asset = await fetch(`${server.url}/assets/app-1a2b3c.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');

    for (const route of ['/', '/queue', '/cases/0123456789abcdef01234567?tab=history']) {
      const page = await fetch(`${server.url}${route}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(await page.text()).toContain('<div id="root">');
    }
    expect((await fetch(`${server.url}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${server.url}/trpc/nope.nothing`)).status).toBe(404);
    expect((await fetch(`${server.url}/queue`, { method: 'POST' })).status).toBe(404);
  });
});

type RawResponse = { status: number; headers: IncomingHttpHeaders; body: Buffer };

/** A GET that sends exactly the headers given (fetch would add accept-encoding and decode for us). */
function rawGet(path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function decoded(res: RawResponse): string {
  const encoding = res.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(res.body).toString('utf8');
  if (encoding === 'gzip') return gunzipSync(res.body).toString('utf8');
  if (encoding === undefined) return res.body.toString('utf8');
  throw new Error(`unexpected content-encoding ${encoding}`);
}

const trpcGetPath = (path: string, input: unknown) =>
  `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`;

describe('HTTP compression', () => {
  it('compresses a large tRPC answer when asked (br or gzip) and only then', async () => {
    const { cookie } = await signIn('super1');
    const path = trpcGetPath('queue.snapshot', {});
    const plain = await rawGet(path, { cookie });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(2048);
    const snapshot = JSON.parse(plain.body.toString('utf8')) as { result: { data: { items: QueueItem[] } } };
    expect(snapshot.result.data.items.length).toBeGreaterThan(0);

    for (const encoding of ['br', 'gzip'] as const) {
      const res = await rawGet(path, { cookie, 'accept-encoding': encoding });
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(res.headers['content-type']).toContain('application/json');
      expect(res.headers.vary).toContain('accept-encoding');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.body.length).toBeLessThan(plain.body.length / 3);
      expect(JSON.parse(decoded(res))).toEqual(snapshot);
    }
    // Both accepted: brotli is preferred.
    expect((await rawGet(path, { cookie, 'accept-encoding': 'gzip, deflate, br' })).headers['content-encoding']).toBe(
      'br',
    );
  });

  it('sends small answers as they are, with their length', async () => {
    const { cookie } = await signIn('agent1');
    const res = await rawGet(trpcGetPath('auth.me', null), { cookie, 'accept-encoding': 'br, gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(
      (JSON.parse(res.body.toString('utf8')) as { result: { data: { username: string } } }).result.data.username,
    ).toBe('agent1');
  });

  it('keeps error statuses and headers, compressed or not', async () => {
    const asked = { 'accept-encoding': 'br, gzip' };
    const signedOut = await rawGet(trpcGetPath('users.list', {}), asked);
    expect(signedOut.status).toBe(401);
    expect(signedOut.headers['content-type']).toContain('application/json');
    expect((JSON.parse(decoded(signedOut)) as { error: { data: { code: string } } }).error.data.code).toBe(
      'UNAUTHORIZED',
    );

    const { cookie } = await signIn('admin1');
    const invalid = await rawGet(trpcGetPath('customers.search', { query: { $ne: '' } }), { ...asked, cookie });
    expect(invalid.status).toBe(400);
    expect((JSON.parse(decoded(invalid)) as { error: { data: { code: string } } }).error.data.code).toBe('BAD_REQUEST');

    expect((await rawGet('/trpc/nope.nothing', asked)).status).toBe(404);
    expect((await rawGet('/assets/missing.js', asked)).status).toBe(404);

    // An error answer big enough to be compressed: 50 unknown procedures in one batch.
    const many = Array.from({ length: 50 }, (_, i) => `nope.nothing${i}`).join(',');
    const batch = await rawGet(`/trpc/${many}?batch=1&input=${encodeURIComponent('{}')}`, { ...asked, cookie });
    expect(batch.status).toBe(404);
    expect(batch.headers['content-encoding']).toBe('br');
    const errors = JSON.parse(decoded(batch)) as { error: { data: { code: string } } }[];
    expect(errors).toHaveLength(50);
    expect(errors.every((e) => e.error.data.code === 'NOT_FOUND')).toBe(true);
  });

  it('compresses the console files when asked, keeping their caching headers', async () => {
    const plain = await rawGet('/assets/big-4d5e6f.js');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();

    const res = await rawGet('/assets/big-4d5e6f.js', { 'accept-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['cache-control']).toContain('immutable');
    expect(res.headers['content-type']).toContain('javascript');
    expect(res.body.length).toBeLessThan(plain.body.length / 3);
    expect(decoded(res)).toBe(plain.body.toString('utf8'));
  });
});

describe('Socket.IO', () => {
  it('refuses a socket without a valid session, which then hears nothing', async () => {
    const anonymous = openSocket();
    const forged = openSocket('td_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    const pushes: CasePush[] = [];
    for (const socket of [anonymous, forged]) {
      socket.on('push', (m) => pushes.push(m));
      await expect(connected(socket)).rejects.toThrow('UNAUTHORIZED');
    }
    server.deps.publisher.publishCase(queueItem({ id: 'dddddddddddddddddddddddd', queue: 'sales' }), null);
    await settle();
    expect(pushes).toEqual([]);
  });

  it('refuses a cross-origin handshake', async () => {
    const { cookie } = await signIn('agent2');
    const socket: ClientSocket = connectIo(server.url, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { cookie, origin: 'https://evil.example' },
    });
    sockets.push(socket);
    await expect(connected(socket)).rejects.toThrow();
  });

  it('lets an agent join its own queues and room, and nothing else', async () => {
    const { cookie, userId } = await signIn('agent1');
    const socket = openSocket(cookie);
    await connected(socket);
    const other = (await UserModel.findOne({ username: 'agent2' }).lean())?._id.toHexString() ?? '';
    const ack = await subscribe(socket, [
      'queue:sales',
      `agent:${userId}`,
      'case:0123456789abcdef01234567',
      'supervisors',
      'queue:complaints',
      `agent:${other}`,
      'lobby',
    ]);
    expect(ack.joined.map((j) => j.room)).toEqual(['queue:sales', `agent:${userId}`, 'case:0123456789abcdef01234567']);
    expect(ack.refused).toEqual(['supervisors', 'queue:complaints', `agent:${other}`, 'lobby']);
    expect(ack.error).toBeUndefined();
  });

  it('answers hostile subscribe arguments with an error ack and keeps working', async () => {
    const { cookie } = await signIn('handler1');
    const socket = openSocket(cookie);
    await connected(socket);
    for (const bad of [
      'queue:complaints',
      { $ne: 1 },
      null,
      42,
      [{ room: 'x' }],
      Array.from({ length: 51 }, () => 'queue:complaints'),
      ['x'.repeat(1000)],
    ]) {
      expect(await subscribe(socket, bad)).toEqual({ joined: [], refused: [], error: 'INVALID_ROOMS' });
    }
    // No ack function at all: nothing to answer, nothing crashes.
    (socket as unknown as { emit(event: string, ...args: unknown[]): void }).emit('subscribe', ['queue:complaints']);
    (socket as unknown as { emit(event: string, ...args: unknown[]): void }).emit('unsubscribe', { $gt: '' });
    const ack = await subscribe(socket, ['queue:complaints']);
    expect(ack.joined.map((j) => j.room)).toEqual(['queue:complaints']);
    expect(socket.connected).toBe(true);
  });

  it('pushes carry increasing sequence numbers per room, and the ack gives the current one', async () => {
    const { cookie } = await signIn('super1');
    const supervisor = openSocket(cookie);
    await connected(supervisor);
    const agent = openSocket((await signIn('agent2')).cookie);
    await connected(agent);

    const before = await subscribe(supervisor, ['supervisors', 'queue:refunds', 'queue:approvals']);
    const startSeq = Object.fromEntries(before.joined.map((j) => [j.room, j.seq]));
    await subscribe(agent, ['queue:sales']);

    const heard: CasePush[] = [];
    const agentHeard: CasePush[] = [];
    supervisor.on('push', (m) => heard.push(m));
    agent.on('push', (m) => agentHeard.push(m));

    const id = 'eeeeeeeeeeeeeeeeeeeeeeee';
    server.deps.publisher.publishCase(queueItem({ id, version: 1 }), null);
    server.deps.publisher.publishCase(queueItem({ id, version: 2 }), { queue: 'refunds', assigneeId: null });
    server.deps.publisher.publishCase(queueItem({ id, version: 3, queue: 'approvals' }), {
      queue: 'refunds',
      assigneeId: null,
    });
    await settle();

    const seqs = (room: string) =>
      heard.filter((m) => m.room === room).map((m) => [m.seq - (startSeq[room] ?? 0), m.item.version]);
    expect(seqs('supervisors')).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(seqs('queue:refunds')).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(seqs('queue:approvals')).toEqual([[1, 3]]);
    expect(heard.every((m) => m.type === 'case.upsert' && m.item.id === id)).toBe(true);
    // The agent watches sales only.
    expect(agentHeard).toEqual([]);

    const again = await subscribe(supervisor, ['supervisors']);
    expect(again.joined).toEqual([{ room: 'supervisors', seq: (startSeq.supervisors ?? 0) + 3 }]);
    expect(await server.deps.publisher.currentSeq('supervisors')).toBe((startSeq.supervisors ?? 0) + 3);
  });

  it('stops a socket whose session ended (expired or removed) from joining more rooms', async () => {
    const { cookie } = await signIn('agent3');
    const socket = openSocket(cookie);
    await connected(socket);
    const disconnected = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    // The session disappears without a logout through this server (expiry, another process).
    await SessionModel.deleteMany({});
    const ack = await subscribe(socket, ['queue:sales']);
    expect(ack).toEqual({ joined: [], refused: ['queue:sales'], error: 'UNAUTHORIZED' });
    await disconnected;
  });

  it('closes the sockets of a session when it signs out, even one that tried to leave its session room', async () => {
    const { cookie, userId } = await signIn('agent3');
    const socket = openSocket(cookie);
    await connected(socket);
    const session = await SessionModel.findOne({ userId }).sort({ createdAt: -1 }).lean();
    socket.emit('unsubscribe', [`session:${session?._id.toHexString() ?? ''}`]);
    const disconnected = new Promise<string>((resolve) =>
      socket.once('disconnect', (reason) => resolve(String(reason))),
    );
    await trpc('auth.logout', { cookie });
    expect(await disconnected).toBe('io server disconnect');
  });
});
