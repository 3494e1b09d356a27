/**
 * A Redis for tests that need several server processes: REDIS_URL when set (CI starts one),
 * otherwise a redis-server started here on a free loopback port, stopped by the returned stop().
 */
import { spawn, spawnSync } from 'node:child_process';
import { createConnection } from 'node:net';
import { freePort } from './ports';

export type TestRedis = { url: string; stop(): Promise<void> };

export async function testRedis(): Promise<TestRedis> {
  const fromEnv = process.env.REDIS_URL;
  if (fromEnv) return { url: fromEnv, stop: async () => {} };

  const binary = process.env.REDIS_SERVER_BIN ?? 'redis-server';
  if (spawnSync(binary, ['--version']).error) {
    throw new Error(
      `These tests need Redis: set REDIS_URL, or install redis-server (Debian: apt-get install redis-server) so the tests can start one. ` +
        `Could not run "${binary}".`,
    );
  }
  const port = await freePort();
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(port, 5_000);
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' }, () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not listen on port ${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
