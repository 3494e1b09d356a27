/**
 * Builds and starts the whole server: database, seed, realtime, HTTP, case jobs. main.ts calls it
 * for the product; tests call it on port 0 against a test database.
 */
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { AppConfig } from '../config';
import type { AppDeps, PaymentGateway } from '../deps';
import { connectDatabase, type Database } from '../db/connection';
import { createLogger } from '../logger';
import { createFakePaymentGateway } from '../payments/fake-gateway';
import { createRealtime, type Realtime } from '../realtime/gateway';
import { startCaseJobs } from '../cases/jobs';
import { startRoutingJobs } from '../routing/jobs';
import type { ConversationStore } from '../routing/conversation-store';
import { engineConversationStore } from '../routing/engine-conversation-store';
import { markSeen, signInPresence } from '../routing/presence.service';
import { caseWorkerRoles } from '../../../shared/roles';
import { startConversationJobs } from '../conversations/jobs';
import { seedIfEmpty } from '../../../seed/index';
import { buildHttpApp, DEFAULT_STATIC_DIR, type HttpApp } from './app';
import { createBoardFeed, publisherFeedingBoard } from '../supervisor/board-feed';
import { computeBoard } from '../supervisor/board.service';
import { attachChatNamespace, createChatChannel } from '../conversations/chat/chat-gateway';

export type ServerOverrides = {
  logger?: Logger;
  now?: () => Date;
  paymentGateway?: PaymentGateway;
  /** Run the timer and outbox jobs (default true). Tests that drive jobs by hand turn them off. */
  jobs?: boolean;
  /** Where the router finds conversations (default: the conversations collection). */
  conversationStore?: ConversationStore;
  /** Seed demo data per config.seed (default true). */
  seed?: boolean;
  /** The built console; null for none. Default dist/client when it exists. */
  staticDir?: string | null;
};

export type RunningServer = {
  /** http://host:port, with the real port when config.port was 0. */
  url: string;
  deps: AppDeps;
  app: HttpApp;
  realtime: Realtime;
  database: Database;
  close(): Promise<void>;
};

export async function createServer(config: AppConfig, overrides: ServerOverrides = {}): Promise<RunningServer> {
  const logger = overrides.logger ?? createLogger(config);
  const now = overrides.now ?? (() => new Date());
  const database = await connectDatabase(config, logger);
  const cleanups: (() => Promise<void>)[] = [() => database.close()];
  const closeAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) => logger.error({ err: error }, 'error while shutting down'));
    }
  };

  try {
    // The presence hooks need deps, and deps need the realtime publisher: the hooks read it late.
    const late: { deps?: AppDeps } = {};
    const realtime = await createRealtime({
      redisUrl: config.redisUrl,
      logger,
      now,
      sessionRecheckMs: config.sockets.sessionRecheckMs,
      maxSocketsPerSession: config.sockets.maxPerSession,
      presence: {
        heartbeatMs: config.presence.heartbeatMs,
        connected: async (user) =>
          late.deps && caseWorkerRoles.includes(user.role) ? signInPresence(late.deps, user) : undefined,
        seen: (userIds) => markSeen(userIds, now()),
        lastGone: (userId) => markSeen([userId], now()),
      },
    });
    const wallboard = createBoardFeed({ io: realtime.io, logger, compute: () => computeBoard({ now, config }) });
    cleanups.push(async () => wallboard.close());
    const deps: AppDeps = {
      config,
      logger,
      now,
      publisher: publisherFeedingBoard(realtime.publisher, wallboard),
      wallboard,
      liveSessions: { end: (sessionId) => realtime.endSession(sessionId) },
      paymentGateway: overrides.paymentGateway ?? createFakePaymentGateway({ now }),
      presencePush: (view) => {
        realtime.pushPresence(view);
        wallboard.changed();
      },
      chat: createChatChannel(realtime.io),
    };
    late.deps = deps;
    attachChatNamespace(realtime.io, deps);

    // Anchored at the server's now, so the demo's due times and holds are live when the console opens.
    if (overrides.seed !== false && config.seed !== 'never') await seedIfEmpty(deps, { anchor: deps.now() });

    const app = await buildHttpApp({
      deps,
      databaseStatus: () => database.ping(),
      staticDir: overrides.staticDir === undefined ? DEFAULT_STATIC_DIR : overrides.staticDir,
    });
    cleanups.push(() => app.close());
    // Closed before the HTTP server (cleanups run in reverse): open sockets would hold it open.
    cleanups.push(() => realtime.close());
    realtime.attach(app.server);

    if (overrides.jobs !== false) {
      const jobs = startCaseJobs(deps);
      cleanups.push(() => jobs.stop());
      const routingJobs = startRoutingJobs(deps, overrides.conversationStore ?? engineConversationStore(deps));
      cleanups.push(() => routingJobs.stop());
      const conversationJobs = startConversationJobs(deps);
      cleanups.push(() => conversationJobs.stop());
    }

    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address() as AddressInfo;
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    return { url: `http://${host}:${address.port}`, deps, app, realtime, database, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
