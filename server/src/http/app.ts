/**
 * The Fastify app: tRPC at /trpc, /healthz, and the built console (dist/client) with a fallback
 * to index.html for the client-side routes.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifyRateLimit from '@fastify/rate-limit';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import { SESSION_COOKIE } from '../../../shared/auth';
import type { AppDeps } from '../deps';
import type { Context } from '../trpc/context';
import { appRouter, type AppRouter } from '../trpc/root';
import { resolveSession } from '../auth/sessions';
import { databaseUnreachableError, isDatabaseUnreachable, type DatabaseStatus } from '../db/connection';
import { toTRPCError } from '../trpc/errors';
import { registerCompression } from './compression';
import { isSameOrigin } from '../realtime/gateway';
import { registerChatRoutes } from '../conversations/chat/chat.http';
import { registerTelephonyRoutes } from '../telephony/telephony.routes';

export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../../dist/client/', import.meta.url));

export type HttpAppOptions = {
  deps: AppDeps;
  /** Pings the database; /healthz reports it. */
  databaseStatus: () => Promise<DatabaseStatus>;
  /** The built console; null serves no static files (API-only, tests). */
  staticDir: string | null;
};

const API_PREFIXES = ['/trpc', '/api', '/socket.io', '/healthz'];

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    // React sets style attributes; the build emits stylesheets only.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self' ws: wss:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
};

export type HttpApp = Awaited<ReturnType<typeof buildHttpApp>>;

export async function buildHttpApp(options: HttpAppOptions) {
  const { deps } = options;
  const app = Fastify({
    loggerInstance: deps.logger,
    // One line per request drowns the log at a console's polling rate; failures are logged by tRPC's onError.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    // tRPC batches put several procedures in one URL: let any URL Node accepts (16 KiB of headers)
    // reach tRPC, which refuses a batch over maxBatchSize with a clear 400; a shorter limit here
    // answered a batch of 1,000 calls with a 404 "No route".
    routerOptions: { maxParamLength: 64 * 1024 },
    // Slow clients (a body a byte at a time) cannot hold connections open: the whole request must
    // arrive within requestTimeout, its headers within headersTimeout; Node checks every second.
    requestTimeout: deps.config.http.requestTimeoutMs,
    http: {
      headersTimeout: Math.min(deps.config.http.headersTimeoutMs, deps.config.http.requestTimeoutMs),
      connectionsCheckingInterval: 1_000,
    },
  });

  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    if (deps.config.production) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    return payload;
  });

  // SameSite=Lax keeps the cookie off cross-site POSTs already; refusing foreign origins also covers old browsers.
  app.addHook('onRequest', async (request, reply) => {
    if (
      request.method !== 'GET' &&
      request.method !== 'HEAD' &&
      !isSameOrigin(request.headers.origin, request.headers.host)
    ) {
      return reply.code(403).send({ error: 'FORBIDDEN', message: 'Cross-origin requests are not accepted.' });
    }
  });

  await app.register(fastifyCookie);
  // Before the routes: the limit hooks into each route declared after it.
  await registerRateLimit(app, deps);
  // Before tRPC and the static files: it hooks into the routes declared after it.
  await registerCompression(app);

  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      allowBatching: true,
      maxBatchSize: 50,
      createContext: ({ req, res }) => createContext(deps, req, res),
      onError({ error, path }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') deps.logger.error({ err: error, path }, 'tRPC procedure failed');
        else if (error.code === 'SERVICE_UNAVAILABLE')
          deps.logger.warn({ path, reason: error.message }, 'tRPC procedure unavailable');
      },
    },
  } satisfies FastifyTRPCPluginOptions<AppRouter>);

  app.get('/healthz', async (_request, reply) => {
    const db = await options.databaseStatus();
    return reply.code(db === 'up' ? 200 : 503).send({ ok: db === 'up', db });
  });

  const staticDir = options.staticDir && existsSync(options.staticDir) ? options.staticDir : null;
  if (staticDir) {
    await app.register(fastifyStatic, {
      root: staticDir,
      wildcard: true,
      cacheControl: false,
      setHeaders(res, filePath) {
        // Vite fingerprints everything under assets/; index.html must always be fresh.
        res.setHeader(
          'cache-control',
          filePath.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }

  registerChatRoutes(app, deps, staticDir !== null && existsSync(`${staticDir}/chat.html`));
  await registerTelephonyRoutes(app, deps);

  // Unknown /api paths are a route of their own so the limit counts them too: webhooks live under
  // /api, and guessing their paths is no way round it.
  app.all('/api/*', (request, reply) => reply.code(404).send(noRoute(request)));

  app.setNotFoundHandler((request, reply) => {
    if (staticDir && isPageRequest(request)) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return reply.code(404).send(noRoute(request));
  });

  return app;
}

function noRoute(request: FastifyRequest): { error: 'NOT_FOUND'; message: string } {
  return { error: 'NOT_FOUND', message: `No route for ${request.method} ${request.url.split('?')[0] ?? ''}.` };
}

/** Answered when an address sends more than the configured requests per minute (tRPC's error shape on /trpc). */
class TooManyRequestsError extends Error {
  readonly statusCode = 429;
  constructor(readonly retryAfter: string) {
    super(`Too many requests from this address; please wait ${retryAfter} and try again.`);
    this.name = 'TooManyRequestsError';
  }
}

/** The global per-address limit on /trpc and /api (in Redis when REDIS_URL is set, so every process counts together); off at 0. */
async function registerRateLimit<Logger extends FastifyBaseLogger>(
  app: FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, Logger>,
  deps: AppDeps,
): Promise<void> {
  const max = deps.config.http.rateLimitPerMinute;
  if (max === 0) return;
  const redis = deps.config.redisUrl
    ? new (await import('ioredis')).Redis(deps.config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false })
    : null;
  if (redis) {
    redis.on('error', (error: unknown) => deps.logger.warn({ err: error }, 'rate-limit redis connection error'));
    app.addHook('onClose', async () => void (await redis.quit().catch(() => redis.disconnect())));
  }
  await app.register(fastifyRateLimit, {
    max,
    timeWindow: 60_000,
    ...(redis ? { redis, nameSpace: 'td-rate-limit:' } : {}),
    // Redis unreachable: serve rather than refuse everyone.
    skipOnError: true,
    allowList: (request) => !isLimitedPath(request.url),
    errorResponseBuilder: (_request, context) => new TooManyRequestsError(context.after),
  });
  app.setErrorHandler((error, request, reply) => {
    if (!(error instanceof TooManyRequestsError)) return reply.send(error);
    if (request.url.startsWith('/trpc/')) {
      return reply.code(429).send({
        error: {
          message: error.message,
          code: -32029,
          data: { code: 'TOO_MANY_REQUESTS', httpStatus: 429, domain: { code: 'RATE_LIMITED', details: null } },
        },
      });
    }
    return reply.code(429).send({ error: 'TOO_MANY_REQUESTS', message: error.message });
  });
}

function isLimitedPath(url: string): boolean {
  return url === '/trpc' || url.startsWith('/trpc/') || url.startsWith('/api/');
}

async function createContext(deps: AppDeps, req: FastifyRequest, res: FastifyReply): Promise<Context> {
  const session = await resolveSession(req.cookies[SESSION_COOKIE], deps.now()).catch((error: unknown) => {
    // Before any procedure runs, so its middleware cannot map it: the database did not answer in time.
    if (isDatabaseUnreachable(error)) throw toTRPCError(databaseUnreachableError());
    throw error;
  });
  const cookieOptions = { httpOnly: true, sameSite: 'lax', secure: deps.config.production, path: '/' } as const;
  return {
    deps,
    user: session?.user ?? null,
    sessionId: session?.sessionId ?? null,
    ip: req.ip,
    cookies: {
      set(token, expires) {
        res.setCookie(SESSION_COOKIE, token, { ...cookieOptions, expires });
      },
      clear() {
        res.clearCookie(SESSION_COOKIE, cookieOptions);
      },
    },
  };
}

/** A browser navigating to a console route (not an API call, not a missing asset). */
function isPageRequest(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url.split('?')[0] ?? '/';
  if (API_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return false;
  if (path.startsWith('/assets/')) return false;
  return true;
}
