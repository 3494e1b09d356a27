/**
 * Starts tests/support/server-process.ts as its own Node process (tsx), sharing the test's MongoDB
 * and Redis through the environment given, and stops it again.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type SecondServer = {
  url: string;
  stop(): Promise<void>;
  /** Kills the process at once (SIGKILL: no shutdown, like a node that dies); resolves when it is gone. */
  kill(): Promise<void>;
};

const ENTRY = fileURLToPath(new URL('./server-process.ts', import.meta.url));

export function startSecondServer(env: Record<string, string>, timeoutMs = 30_000): Promise<SecondServer> {
  // Node itself with tsx's loader (not the tsx CLI, which runs the script in a child of its own): the
  // process spawned is the server, so a SIGKILL kills the server and leaves nothing behind.
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', SEED: 'never', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the second server did not start within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{"url"'));
      if (!line) return;
      clearTimeout(timer);
      resolve({
        url: (JSON.parse(line) as { url: string }).url,
        async stop() {
          child.kill('SIGTERM');
          await exited;
        },
        async kill() {
          child.kill('SIGKILL');
          await exited;
        },
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the second server exited with code ${String(code)}: ${stderr}`));
    });
  });
}
