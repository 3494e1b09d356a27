/**
 * Slow and greedy clients: a request whose body (or headers) trickles in a byte at a time is cut
 * off after the configured timeout, and an address that sends more than the configured requests
 * per minute to /trpc or /api gets 429 with a clear message (other paths are not limited).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnection } from 'node:net';
import mongoose from 'mongoose';
import { loadConfig } from '../../server/src/config';
import { createServer, type RunningServer } from '../../server/src/http/server';
import { testDatabase } from '../support/db';

const LIMIT = 30;
let server: RunningServer;
let port: number;

beforeAll(async () => {
  const { uri, dbName } = testDatabase('slow_clients');
  const config = loadConfig({
    MONGODB_URI: uri,
    MONGODB_DB: dbName,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    HTTP_REQUEST_TIMEOUT_MS: '1500',
    HTTP_HEADERS_TIMEOUT_MS: '1000',
    RATE_LIMIT_PER_MINUTE: String(LIMIT),
  });
  server = await createServer(config, { jobs: false, seed: false, staticDir: null });
  port = Number(new URL(server.url).port);
});

afterAll(async () => {
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await server?.close();
});

/**
 * Sends `head` at once, then `trickle` one byte every `everyMs`; resolves with what happened within
 * `withinMs`: when the server closed the connection and what it answered, or that it is still open.
 */
function trickle(head: string, trickleText: string, everyMs: number, withinMs: number): Promise<string> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = createConnection({ port, host: '127.0.0.1' });
    let answer = '';
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < trickleText.length) socket.write(trickleText[sent++] ?? '');
    }, everyMs);
    const done = (result: string) => {
      clearInterval(timer);
      clearTimeout(deadline);
      socket.destroy();
      resolve(result);
    };
    const deadline = setTimeout(() => done(`still open after ${withinMs} ms (${sent} bytes trickled)`), withinMs);
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('close', () =>
      done(
        `closed after ${Math.round((Date.now() - started) / 500) * 500} ms: ${answer.split('\r\n')[0] || 'no answer'}`,
      ),
    );
    socket.on('error', () => undefined);
    socket.write(head);
  });
}

describe('slow clients', () => {
  it('cuts off a body sent one byte at a time once the request timeout has passed', async () => {
    const body = JSON.stringify({ username: 'agent1', password: 'x'.repeat(80) });
    const head = `POST /trpc/auth.login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const outcome = await trickle(head, body, 1_000, 5_000);
    console.log(`slow body: ${outcome}`);
    expect(outcome).toMatch(/^closed after (2000|2500|3000) ms: HTTP\/1\.1 408/);
  });

  it('cuts off headers sent one byte at a time once the headers timeout has passed', async () => {
    const outcome = await trickle(
      'GET /healthz HTTP/1.1\r\n',
      `Host: 127.0.0.1\r\nX-Slow: ${'a'.repeat(60)}\r\n\r\n`,
      250,
      5_000,
    );
    console.log(`slow headers: ${outcome}`);
    expect(outcome).toMatch(/^closed after (1000|1500|2000|2500) ms: HTTP\/1\.1 408/);
  });
});

describe('rate limit per address', () => {
  it('answers 429 with a clear message past the limit on /trpc and /api, and leaves /healthz alone', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 5; i++) statuses.push((await fetch(`${server.url}/trpc/auth.me`)).status);
    console.log(
      `burst of ${LIMIT + 5}: ${statuses.filter((s) => s === 200).length} answered, ${statuses.filter((s) => s === 429).length} refused 429`,
    );
    const firstRefused = statuses.indexOf(429);
    expect(firstRefused).toBeGreaterThan(0);
    expect(firstRefused).toBeLessThanOrEqual(LIMIT);
    expect(statuses.slice(firstRefused).every((s) => s === 429)).toBe(true);

    const refused = await fetch(`${server.url}/trpc/auth.me`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await refused.json()) as { error: { message: string; data: { code: string } } };
    expect(body.error.data.code).toBe('TOO_MANY_REQUESTS');
    expect(body.error.message).toMatch(
      /^Too many requests from this address; please wait \d+ seconds? and try again\.$/,
    );

    const webhook = await fetch(`${server.url}/api/telephony/events`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(webhook.status).toBe(429);
    expect(((await webhook.json()) as { error: string }).error).toBe('TOO_MANY_REQUESTS');

    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('is configured by RATE_LIMIT_PER_MINUTE (0 turns it off)', () => {
    expect(loadConfig({}).http.rateLimitPerMinute).toBe(600);
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '0' }).http.rateLimitPerMinute).toBe(0);
  });
});
