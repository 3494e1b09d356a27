import pino, { type Logger } from 'pino';
import type { AppConfig } from './config';

/** JSON lines in production (for the log collector); readable lines on a developer's terminal. */
export function createLogger(config: Pick<AppConfig, 'logLevel' | 'production'>): Logger {
  const pretty = !config.production && process.stdout.isTTY;
  return pino({
    level: config.logLevel,
    redact: { paths: ['req.headers.cookie', 'password', '*.password', 'passwordHash', '*.passwordHash'], remove: true },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } }
      : {}),
  });
}
