/**
 * Start-up and shutdown edges: an unreachable database is a one-paragraph message and exit code 1,
 * production cookies are Secure, /healthz notices a lost database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createServer as createNetServer } from 'node:net';
import mongoose from 'mongoose';
import pino from 'pino';
import { loadConfig } from '../../server/src/config';
import { connectDatabase, DatabaseUnavailableError } from '../../server/src/db/connection';
import { createServer, type RunningServer } from '../../server/src/http/server';
import { DEMO_PASSWORD } from '../../seed/index';
import { testDatabase } from '../support/db';

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('an unreachable MONGODB_URI', () => {
  it('fails within seconds with a message that says what was tried and how to fix it', async () => {
    const port = await closedPort();
    const started = Date.now();
    const error = await connectDatabase(
      { mongodbUri: `mongodb://127.0.0.1:${port}/`, mongodbDb: 'td_nowhere' },
      pino({ level: 'silent' }),
    ).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    const message = (error as Error).message;
    expect(message).toContain(`mongodb://127.0.0.1:${port}/`);
    expect(message).toContain('MONGODB_URI');
    expect(message).not.toContain('\n');
  });

  it('makes main.ts print that paragraph, no stack trace, and exit with code 1', async () => {
    const port = await closedPort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      env: {
        ...process.env,
        MONGODB_URI: `mongodb://127.0.0.1:${port}/`,
        PORT: '0',
        LOG_LEVEL: 'silent',
        NODE_ENV: 'test',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('Could not connect to MongoDB');
    expect(stderr).toContain('MONGODB_URI');
    expect(stderr).not.toMatch(/^\s+at /m);
  }, 40_000);
});

describe('in production', () => {
  let server: RunningServer;
  beforeAll(async () => {
    const { uri, dbName } = testDatabase('startup');
    const config = loadConfig({
      MONGODB_URI: uri,
      MONGODB_DB: dbName,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      NODE_ENV: 'production',
      // Production has no built-in chat token secret: every node is given the same one.
      CHAT_TOKEN_SECRET: 'startup-test-chat-token-secret-0123456789abcdef',
    });
    server = await createServer(config, { jobs: false, staticDir: null });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('marks the session cookie Secure and sends HSTS', async () => {
    const res = await fetch(`${server.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin1', password: DEMO_PASSWORD }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().find((c) => c.startsWith('td_session='))).toMatch(/; Secure/i);
    expect(res.headers.get('strict-transport-security')).toContain('max-age=');
  });

  it('answers 404 for page routes when there is no built console', async () => {
    expect((await fetch(`${server.url}/queue`)).status).toBe(404);
  });

  it('reports the database down on /healthz when the connection is lost', async () => {
    await mongoose.connection.dropDatabase();
    await mongoose.disconnect();
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ok: false, db: 'down' });
  });
});
