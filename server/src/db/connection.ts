/**
 * The MongoDB connection: MONGODB_URI when set, otherwise a real mongod started through
 * mongodb-memory-server with its files under .data/mongo, so demo data survives restarts.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { AppConfig } from '../config';
import { DomainError } from '../../../shared/errors';

const SERVER_SELECTION_TIMEOUT_MS = 5_000;
/**
 * Every database call gives up after this (server selection, connecting, pool checkout, waiting
 * for the answer), so a request answers 503 within 2 s while the database is gone or hung rather
 * than hanging. The driver mongoose 9 ships (7.x) ignores timeoutMS, so it is the separate legacy
 * options; start-up retries within SERVER_SELECTION_TIMEOUT_MS.
 */
export const DEFAULT_DB_TIMEOUT_MS = 1_500;

/** What a client is told when the database does not answer (the console shows its own translation). */
export const DATABASE_UNREACHABLE_MESSAGE = 'The database is not reachable; please try again in a moment.';

/** The domain error a request ends with when the database does not answer: 503, with the reason for the console. */
export function databaseUnreachableError(): DomainError {
  return new DomainError('UNAVAILABLE', DATABASE_UNREACHABLE_MESSAGE, { reason: 'database' });
}

const UNREACHABLE_ERROR_NAMES = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoOperationTimeoutError',
  'MongoPoolClearedError',
  'MongoTopologyClosedError',
  'MongoNotConnectedError',
  'MongoWaitQueueTimeoutError',
]);

/**
 * Socket errors the driver (7.x) sometimes passes on unwrapped, e.g. a write to a connection the
 * database side already closed ("This socket has been ended by the other party", EPIPE).
 */
const DRIVER_SOCKET_ERROR_CODES = new Set([
  'EPIPE',
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'ERR_STREAM_WRITE_AFTER_END',
  'ERR_STREAM_DESTROYED',
]);

/** Whether an error (or what caused it) means the database could not be reached in time, rather than a bug. */
export function isDatabaseUnreachable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (UNREACHABLE_ERROR_NAMES.has(current.name)) return true;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && DRIVER_SOCKET_ERROR_CODES.has(code) && current.stack?.includes('mongodb'))
      return true;
    // bufferCommands is off: an operation while mongoose is disconnected says so in plain words.
    if (
      current.name === 'MongooseError' &&
      /before initial connection is complete|Connection was force closed|client was closed/i.test(current.message)
    )
      return true;
  }
  return false;
}
export const LOCAL_DB_PATH = '.data/mongo';

export type DatabaseStatus = 'up' | 'down';

export type Database = {
  connection: Connection;
  /** Where the data lives, for the start-up banner (credentials removed). */
  description: string;
  /** The driver's view (cheap). */
  status(): DatabaseStatus;
  /** A round trip to the server, for /healthz: 'down' when it does not answer within 2 s. */
  ping(): Promise<DatabaseStatus>;
  close(): Promise<void>;
};

/** Neither MONGODB_URI nor a local mongod could be reached; the message says what to do. */
export class DatabaseUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}

export async function connectDatabase(
  config: Pick<AppConfig, 'mongodbUri' | 'mongodbDb'> & { dbTimeoutMs?: number },
  logger: Logger,
): Promise<Database> {
  const timeoutMs = config.dbTimeoutMs ?? DEFAULT_DB_TIMEOUT_MS;
  if (config.mongodbUri) {
    const connection = await openConnection(config.mongodbUri, config.mongodbDb, timeoutMs).catch((error: unknown) => {
      throw new DatabaseUnavailableError(
        `Could not connect to MongoDB at ${redactUri(config.mongodbUri ?? '')} (database "${config.mongodbDb}") within ` +
          `${SERVER_SELECTION_TIMEOUT_MS / 1000} s: ${reasonOf(error)}. Check that the server is running and that MONGODB_URI ` +
          `is right (for example MONGODB_URI=mongodb://127.0.0.1:27017/), then start again.`,
        { cause: error },
      );
    });
    logger.info({ db: config.mongodbDb }, 'connected to MongoDB');
    return asDatabase(connection, `${redactUri(config.mongodbUri)} (db ${config.mongodbDb})`, async () => {});
  }

  const dbPath = resolve(process.cwd(), LOCAL_DB_PATH);
  await mkdir(dbPath, { recursive: true });
  logger.info({ dbPath }, 'MONGODB_URI is not set: starting a local mongod through mongodb-memory-server');
  // Imported lazily: production deployments with MONGODB_URI never load the downloader.
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  let local: Awaited<ReturnType<typeof MongoMemoryServer.create>>;
  // mongodb-memory-server prints its own stack trace with console.warn when it fails; the message
  // below says it in one paragraph, so the trace goes to the debug log instead.
  const consoleWarn = console.warn;
  console.warn = (...args: unknown[]) =>
    logger.debug({ detail: args.map(String).join(' ') }, 'mongodb-memory-server warning');
  try {
    local = await MongoMemoryServer.create({ instance: { dbPath, storageEngine: 'wiredTiger' } });
  } catch (error) {
    throw new DatabaseUnavailableError(
      `MONGODB_URI is not set, so the server tried to start a local mongod with its data in ${dbPath}, and that failed: ` +
        `${reasonOf(error)}. The first start downloads the mongod binary, which needs internet access. Either allow the ` +
        `download, or point the server at a running MongoDB with MONGODB_URI (for example ` +
        `MONGODB_URI=mongodb://127.0.0.1:27017/ npm start).`,
      { cause: error },
    );
  } finally {
    console.warn = consoleWarn;
  }
  const uri = local.getUri();
  try {
    const connection = await openConnection(uri, config.mongodbDb, timeoutMs);
    logger.info({ uri, db: config.mongodbDb }, 'connected to the local mongod');
    return asDatabase(connection, `local mongod in ${dbPath} (db ${config.mongodbDb})`, async () => {
      await local.stop();
    });
  } catch (error) {
    await local.stop().catch(() => {});
    throw new DatabaseUnavailableError(
      `A local mongod started (${uri}) but the server could not connect to it: ${reasonOf(error)}. ` +
        `Set MONGODB_URI to a running MongoDB instead.`,
      { cause: error },
    );
  }
}

async function openConnection(uri: string, dbName: string, timeoutMs: number): Promise<Connection> {
  // Every query also carries maxTimeMS, so the database itself stops work nobody waits for any more.
  mongoose.set('maxTimeMS', timeoutMs);
  const options = {
    dbName,
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: timeoutMs,
    socketTimeoutMS: timeoutMs,
    waitQueueTimeoutMS: timeoutMs,
    // A standalone mongod (and the dev emulator) has no retryable writes. No read retries either:
    // a second try after a timeout would double the wait past what a request may take.
    retryWrites: false,
    retryReads: false,
  };
  // The default connection: models are registered on the mongoose singleton (mongoose.model).
  // Start-up is more patient than a request: a database that is still starting gets a few tries.
  const deadline = Date.now() + SERVER_SELECTION_TIMEOUT_MS;
  for (;;) {
    try {
      await mongoose.connect(uri, options);
      break;
    } catch (error) {
      if (Date.now() + timeoutMs > deadline) throw error;
      await mongoose.disconnect().catch(() => undefined);
    }
  }
  // Build indexes before serving: unique usernames, booking refs and session tokens are relied on.
  await Promise.all(Object.values(mongoose.connection.models).map((model) => model.init()));
  // From now on no queueing while disconnected (mongoose would wait 10 s): the driver's timeouts
  // answer instead. Not before: models start their init() at definition and must wait for the connect.
  mongoose.connection.config.bufferCommands = false;
  return mongoose.connection;
}

function asDatabase(connection: Connection, description: string, stopLocal: () => Promise<void>): Database {
  return {
    connection,
    description,
    status: () => (connection.readyState === mongoose.ConnectionStates.connected ? 'up' : 'down'),
    async ping() {
      const db = connection.db;
      if (!db || connection.readyState !== mongoose.ConnectionStates.connected) return 'down';
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'down'>((resolve) => {
        timer = setTimeout(() => resolve('down'), 2_000);
      });
      const answer = db
        .command({ ping: 1 })
        .then((): DatabaseStatus => 'up')
        .catch((): DatabaseStatus => 'down');
      const status = await Promise.race([answer, timeout]);
      clearTimeout(timer);
      return status;
    },
    async close() {
      await mongoose.disconnect();
      await stopLocal();
    },
  };
}

function redactUri(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}

/** The gist of a driver or downloader error on one line: their messages run over several, stack lines included. */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('at '));
  const gist = lines.slice(0, 3).join(' ');
  return (gist.length > 300 ? `${gist.slice(0, 297)}...` : gist).replace(/[.:]$/, '');
}
