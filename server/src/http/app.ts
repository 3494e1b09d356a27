/**
 * The Fastify app: tRPC at /trpc, /healthz, and the built console (dist/client) with a fallback
 * to index.html for the client-side routes.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
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

export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../../dist/client/', import.meta.url));

export type HttpAppOptions = {
  deps: AppDeps;
  /** Pings the database; /healthz reports it. */
  databaseStatus: () => Promise<DatabaseStatus>;
  /** The built console; null serves no static files (API-only, tests). */
  staticDir: string | null;
};

const API_PREFIXES = ['/trpc', '/socket.io', '/healthz'];

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
    // tRPC batches put several procedures in one URL.
    routerOptions: { maxParamLength: 5000 },
  });

  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    if (deps.config.production) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    return payload;
  });

  // SameSite=Lax keeps the cookie off cross-site POSTs already; refusing foreign origins also covers old browsers.
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && !isSameOrigin(request.headers.origin, request.headers.host)) {
      return reply.code(403).send({ error: 'FORBIDDEN', message: 'Cross-origin requests are not accepted.' });
    }
  });

  await app.register(fastifyCookie);
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
        else if (error.code === 'SERVICE_UNAVAILABLE') deps.logger.warn({ path, reason: error.message }, 'tRPC procedure unavailable');
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
        res.setHeader('cache-control', filePath.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  app.setNotFoundHandler((request, reply) => {
    if (staticDir && isPageRequest(request)) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return reply.code(404).send({ error: 'NOT_FOUND', message: `No route for ${request.method} ${request.url.split('?')[0] ?? ''}.` });
  });

  return app;
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
