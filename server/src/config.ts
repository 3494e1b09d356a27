import { z } from 'zod';
import { defaultCaseConfig, type CaseConfig } from '../../workflows/machines/contract';
import { defaultWallboardConfig, type WallboardConfig } from '../../workflows/wallboard';
import { defaultConversationConfig, type ConversationConfig } from '../../workflows/machines/conversation';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  MONGODB_URI: z.string().optional(),
  MONGODB_DB: z.string().default('ticket_desk'),
  REDIS_URL: z.string().optional(),
  /** Every database call gives up after this many ms (503 to the client); see server/src/db/connection.ts. */
  DB_TIMEOUT_MS: z.coerce.number().int().min(100).default(1_500),
  NODE_ENV: z.string().default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Seconds between timer-job and outbox-job runs. */
  JOB_INTERVAL_MS: z.coerce.number().int().min(50).default(1000),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).default(12),
  /** How often every open socket's session is checked again (expiry, deactivation): at least once a minute. */
  SOCKET_SESSION_RECHECK_MS: z.coerce.number().int().min(50).max(60_000).default(60_000),
  MAX_SOCKETS_PER_SESSION: z.coerce.number().int().min(1).default(10),
  /** A request (headers and body) must arrive within this time, or the connection is closed. */
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** Requests per minute per client address on /trpc and /api; 0 turns the limit off. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  REFUND_APPROVAL_THRESHOLD_FEN: z.coerce.number().int().min(0).default(defaultCaseConfig.refundApprovalThresholdFen),
  SEED: z.enum(['auto', 'never', 'always']).default('auto'),
  /** Wallboard service level: a call answered within this many seconds counts as in time (chats: the next). */
  SERVICE_LEVEL_CALL_SEC: z.coerce.number().int().min(1).default(defaultWallboardConfig.serviceLevelSec.call),
  SERVICE_LEVEL_CHAT_SEC: z.coerce.number().int().min(1).default(defaultWallboardConfig.serviceLevelSec.chat),
  /** A queue's longest wait past this many seconds raises the wallboard's alert. */
  WAIT_ALERT_SEC: z.coerce.number().int().min(1).default(defaultWallboardConfig.waitAlertSec),
  /** The status an agent has on signing in (opening the console). */
  PRESENCE_SIGN_IN_STATUS: z.enum(['available', 'break', 'offline']).default('available'),
  /** When every console of an agent has been gone this long, they are offline and offered work is taken back. */
  PRESENCE_GONE_AFTER_MS: z.coerce.number().int().min(1_000).default(60_000),
  /** How often each process tells the database which users still have a console connected to it. */
  PRESENCE_HEARTBEAT_MS: z.coerce.number().int().min(50).default(20_000),
  /** An open case whose assignee has been offline this long goes back to its queue. */
  ROUTING_CASE_RETURN_AFTER_MS: z.coerce
    .number()
    .int()
    .min(60_000)
    .default(30 * 60_000),
  /** Chats an agent takes at once unless their skills say otherwise. */
  ROUTING_DEFAULT_CHATS: z.coerce.number().int().min(0).max(10).default(3),
  /** Open cases an agent holds at once unless their skills say otherwise. */
  ROUTING_DEFAULT_CASES: z.coerce.number().int().min(0).max(200).default(10),
  /** Signs the web chat's conversation tokens (HMAC-SHA256); every server process needs the same one. Required in production. */
  CHAT_TOKEN_SECRET: z.string().min(32).optional(),
  /** After-call work: seconds of wrap-up after a contact ends before it closes by itself. */
  WRAP_UP_SECONDS: z.coerce.number().int().min(0).max(3600).default(defaultConversationConfig.wrapUpSeconds),
  /** Seconds an offer of a live contact waits for the agent. */
  OFFER_SECONDS: z.coerce.number().int().min(1).max(600).default(defaultConversationConfig.offerSeconds),
  /** The phone system's Standard Webhooks secret (whsec_…); the dev default is the printed demo one. */
  TELEPHONY_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/=]{16,}$/)
    .optional(),
});

/** Development only (printed by `npm start`); in production the webhook stays closed until TELEPHONY_WEBHOOK_SECRET is set. */
export const DEMO_TELEPHONY_SECRET = 'whsec_ZGVtby10ZWxlcGhvbnktc2VjcmV0LW5vdC1mb3ItcHJvZA==';

export type AppConfig = {
  port: number;
  host: string;
  mongodbUri: string | undefined;
  mongodbDb: string;
  redisUrl: string | undefined;
  dbTimeoutMs: number;
  production: boolean;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  jobIntervalMs: number;
  sessionTtlHours: number;
  sockets: { sessionRecheckMs: number; maxPerSession: number };
  http: { requestTimeoutMs: number; headersTimeoutMs: number; rateLimitPerMinute: number };
  seed: 'auto' | 'never' | 'always';
  cases: CaseConfig;
  wallboard: WallboardConfig;
  presence: { signInStatus: 'available' | 'break' | 'offline'; goneAfterMs: number; heartbeatMs: number };
  routing: { caseReturnAfterMs: number; defaultChats: number; defaultCases: number };
  chat: { tokenSecret: string };
  conversations: ConversationConfig;
  /** webhookSecret null: the webhook refuses everything (production without a configured secret). */
  telephony: { webhookSecret: string | null; demoSecret: boolean };
};

/** Outside production only: tokens signed with it are worthless anywhere else. */
const DEV_CHAT_TOKEN_SECRET = 'ticket-desk-development-chat-token-secret';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    mongodbUri: e.MONGODB_URI || undefined,
    mongodbDb: e.MONGODB_DB,
    redisUrl: e.REDIS_URL || undefined,
    dbTimeoutMs: e.DB_TIMEOUT_MS,
    production: e.NODE_ENV === 'production',
    logLevel: e.LOG_LEVEL,
    jobIntervalMs: e.JOB_INTERVAL_MS,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    sockets: { sessionRecheckMs: e.SOCKET_SESSION_RECHECK_MS, maxPerSession: e.MAX_SOCKETS_PER_SESSION },
    http: {
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    },
    seed: e.SEED,
    cases: { ...defaultCaseConfig, refundApprovalThresholdFen: e.REFUND_APPROVAL_THRESHOLD_FEN },
    wallboard: {
      ...defaultWallboardConfig,
      serviceLevelSec: {
        call: e.SERVICE_LEVEL_CALL_SEC,
        chat: e.SERVICE_LEVEL_CHAT_SEC,
        callback: defaultWallboardConfig.serviceLevelSec.callback,
      },
      waitAlertSec: e.WAIT_ALERT_SEC,
      chatCapacity: e.ROUTING_DEFAULT_CHATS,
      caseCapacity: e.ROUTING_DEFAULT_CASES,
    },
    presence: {
      signInStatus: e.PRESENCE_SIGN_IN_STATUS,
      goneAfterMs: e.PRESENCE_GONE_AFTER_MS,
      heartbeatMs: e.PRESENCE_HEARTBEAT_MS,
    },
    routing: {
      caseReturnAfterMs: e.ROUTING_CASE_RETURN_AFTER_MS,
      defaultChats: e.ROUTING_DEFAULT_CHATS,
      defaultCases: e.ROUTING_DEFAULT_CASES,
    },
    chat: { tokenSecret: chatTokenSecret(e.CHAT_TOKEN_SECRET, e.NODE_ENV === 'production') },
    conversations: { wrapUpSeconds: e.WRAP_UP_SECONDS, offerSeconds: e.OFFER_SECONDS },
    telephony: {
      webhookSecret: e.TELEPHONY_WEBHOOK_SECRET ?? (e.NODE_ENV === 'production' ? null : DEMO_TELEPHONY_SECRET),
      demoSecret: !e.TELEPHONY_WEBHOOK_SECRET && e.NODE_ENV !== 'production',
    },
  };
}

function chatTokenSecret(secret: string | undefined, production: boolean): string {
  if (secret) return secret;
  if (production) throw new Error('Invalid configuration: CHAT_TOKEN_SECRET: set a secret of at least 32 characters');
  return DEV_CHAT_TOKEN_SECRET;
}
