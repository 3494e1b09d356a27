import type { LoginInput, SessionUser } from '../../../shared/auth';
import { DomainError } from '../../../shared/errors';
import type { AppDeps } from '../deps';
import { UserModel } from '../db/models/user';
import { clientFilter } from '../db/sanitize';
import { recordAudit } from '../audit/audit.service';
import { verifyAgainstDecoy, verifyPassword } from './passwords';
import { createLoginThrottle } from './login-throttle';
import { createSession, deleteSession, toSessionUser } from './sessions';

const MAX_FAILURES = 5;
const FAILURE_WINDOW_MS = 15 * 60_000;

// One per process (see login-throttle.ts for what that means with several processes).
const loginThrottle = createLoginThrottle({ maxFailures: MAX_FAILURES, windowMs: FAILURE_WINDOW_MS });

/** Deliberately the same for an unknown user, a wrong password and a deactivated account. */
const WRONG_CREDENTIALS = 'Wrong username or password.';

export type LoginResult = { user: SessionUser; token: string; sessionId: string; expiresAt: Date };

export async function login(
  deps: Pick<AppDeps, 'config' | 'now'>,
  input: LoginInput,
  request: { ip: string; previousSessionId: string | null },
): Promise<LoginResult> {
  const now = deps.now();
  const username = input.username.toLowerCase();
  const throttleKey = `${username}\u0000${request.ip}`;

  const retryAfterMs = loginThrottle.retryAfterMs(throttleKey, now);
  if (retryAfterMs > 0) {
    await recordAudit({ actor: null, action: 'login.throttled', target: username, at: now, ip: request.ip });
    const minutes = Math.ceil(retryAfterMs / 60_000);
    throw new DomainError('RATE_LIMITED', `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, {
      retryAfterSeconds: Math.ceil(retryAfterMs / 1000),
    });
  }

  const user = await UserModel.findOne({ username }, null, clientFilter).lean();
  const passwordOk = user ? await verifyPassword(user.passwordHash, input.password) : await verifyAgainstDecoy(input.password);
  if (!user || !passwordOk || !user.active) {
    loginThrottle.recordFailure(throttleKey, now);
    await recordAudit({ actor: null, action: 'login.failed', target: username, at: now, ip: request.ip });
    throw new DomainError('UNAUTHENTICATED', WRONG_CREDENTIALS);
  }

  loginThrottle.reset(throttleKey);
  // A new sign-in replaces the session this browser had (no session fixation, no orphaned sessions).
  if (request.previousSessionId) await deleteSession(request.previousSessionId);
  const session = await createSession({ userId: user._id, ip: request.ip, now, ttlHours: deps.config.sessionTtlHours });
  const sessionUser = toSessionUser(user);
  await recordAudit({ actor: sessionUser, action: 'login.succeeded', target: username, at: now, ip: request.ip });
  return { user: sessionUser, ...session };
}

export async function logout(deps: Pick<AppDeps, 'now' | 'liveSessions'>, session: { sessionId: string | null; user: SessionUser | null; ip: string }): Promise<{ ok: true }> {
  if (session.sessionId) {
    await deleteSession(session.sessionId);
    deps.liveSessions.end(session.sessionId);
  }
  if (session.user) {
    await recordAudit({ actor: session.user, action: 'logout', target: session.user.username, at: deps.now(), ip: session.ip });
  }
  return { ok: true };
}
