/**
 * What every bench part shares: where MongoDB is (MONGODB_URI, or a mongod started through
 * mongodb-memory-server like the integration tests do), a fresh database name per part, a logger
 * that writes to stderr (stdout carries only the result document), and the server config.
 */
import { randomBytes } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { loadConfig, type AppConfig } from '../../server/src/config';

export type BenchMongo = {
  uri: string;
  /** What kind of server answered, for the report; never the credentials. */
  description: string;
  stop(): Promise<void>;
};

export async function benchMongo(): Promise<BenchMongo> {
  const fromEnv = process.env.MONGODB_URI;
  if (fromEnv) {
    return { uri: fromEnv, description: `MONGODB_URI server at ${hostOf(fromEnv)}`, stop: async () => {} };
  }
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  const server = await MongoMemoryServer.create().catch((error: unknown) => {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    throw new Error(
      `MONGODB_URI is not set and mongodb-memory-server could not start a mongod (${reason}). Set MONGODB_URI to a running MongoDB.`,
    );
  });
  return {
    uri: server.getUri(),
    description: 'mongod started through mongodb-memory-server (MONGODB_URI not set)',
    stop: async () => void (await server.stop()),
  };
}

/** The host list of a MongoDB URI without user, password, path or options. */
export function hostOf(uri: string): string {
  const match = /^(mongodb(?:\+srv)?):\/\/(?:[^@/]*@)?([^/?]+)/.exec(uri);
  return match ? `${match[1]}://${match[2]}` : 'unparsable URI';
}

export function benchDbName(part: string): string {
  return `td_bench_${part}_${randomBytes(4).toString('hex')}`;
}

export function benchLogger(level: 'warn' | 'error' = 'warn'): Logger {
  return pino({ level, base: { bench: true } }, pino.destination(2));
}

/** The product's config for a server on a free loopback port against the bench database. */
export function benchServerConfig(uri: string, dbName: string): AppConfig {
  return loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    MONGODB_URI: uri,
    MONGODB_DB: dbName,
    LOG_LEVEL: 'warn',
    SEED: 'never',
    NODE_ENV: 'test',
    RATE_LIMIT_PER_MINUTE: '0',
  });
}

export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
