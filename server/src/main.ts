/**
 * Composition root: configuration, logger, then the whole server (database, seed, realtime, HTTP,
 * case jobs), a start-up banner and a graceful shutdown.
 */
import { loadConfig, type AppConfig } from './config';
import { createLogger } from './logger';
import { createServer, type RunningServer } from './http/server';
import { DatabaseUnavailableError } from './db/connection';
import { DEMO_PASSWORD, DEMO_USERS } from '../../seed/index';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
  const logger = createLogger(config);

  let server: RunningServer;
  try {
    server = await createServer(config, { logger });
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) {
      // One paragraph saying what was tried and what to do; the stack trace would only bury it.
      console.error(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  console.log(banner(server.url, server.database.description, config.seed !== 'never', config));

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // A hung close must not keep the process alive forever.
    setTimeout(() => process.exit(1), 10_000).unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

function banner(url: string, database: string, showLogins: boolean, config: AppConfig): string {
  const lines = [`ticket-desk is running at ${url}`, `database: ${database}`];
  // The demo secret only: a configured one never goes to the log.
  if (config.telephony.demoSecret && config.telephony.webhookSecret)
    lines.push(
      `telephony webhook secret (demo): ${config.telephony.webhookSecret}`,
      'simulate a call: npm run call -- --from 13800138000 --extension 8001',
    );
  if (showLogins) {
    lines.push('', `demo sign-ins (password ${DEMO_PASSWORD}):`);
    for (const user of DEMO_USERS) lines.push(`  ${user.username.padEnd(10)} ${user.role}`);
  }
  const width = Math.max(...lines.map((l) => l.length));
  const rule = '─'.repeat(width + 2);
  return ['', `┌${rule}┐`, ...lines.map((l) => `│ ${l.padEnd(width)} │`), `└${rule}┘`, ''].join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
