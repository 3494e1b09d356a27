import type { LoginInput, SessionUser } from '../../../shared/auth';
import { DomainError } from '../../../shared/errors';
import type { AppDeps } from '../deps';
import { UserModel } from '../db/models/user';
import { clientFilter } from '../db/sanitize';
import { recordAudit } from '../audit/audit.service';
import { verifyAgainstDecoy, verifyPassword } from './passwords';
import { reserveLoginAttempt, settleLoginSuccess } from './login-throttle';
import { createSession, deleteSession, toSessionUser } from './sessions';

/** Attempts per 15 minutes before the password is even looked at: one username at one address, one username anywhere, one address. */
const MAX_PER_USER_AT_ADDRESS = 5;
const MAX_PER_USER = 20;
const MAX_PER_ADDRESS = 50;
const THROTTLE = { windowMs: 15 * 60_000, maxLockMs: 24 * 3_600_000 };

/** Deliberately the same for an unknown user, a wrong password and a deactivated account. */
const WRONG_CREDENTIALS = 'Wrong username or password.';

export type LoginResult = { user: SessionUser; token: string; sessionId: string; expiresAt: Date };

export async function login(
  deps: Pick<AppDeps, 'config' | 'now' | 'liveSessions'>,
  input: LoginInput,
  request: { ip: string; previousSessionId: string | null },
): Promise<LoginResult> {
  const now = deps.now();
  const username = input.username.toLowerCase();
  const keys = {
    userAtAddress: `user-ip:${username}\u0000${request.ip}`,
    user: `user:${username}`,
    address: `ip:${request.ip}`,
  };
  // Counted before the password is checked, atomically: guesses sent at once cannot all get through.
  const retryAfterMs = await reserveLoginAttempt(
    [
      { key: keys.address, max: MAX_PER_ADDRESS },
      { key: keys.userAtAddress, max: MAX_PER_USER_AT_ADDRESS },
      { key: keys.user, max: MAX_PER_USER },
    ],
    now,
    THROTTLE,
  );
  if (retryAfterMs > 0) {
    await recordAudit({ actor: null, action: 'login.throttled', target: username, at: now, ip: request.ip });
    const minutes = Math.ceil(retryAfterMs / 60_000);
    throw new DomainError(
      'RATE_LIMITED',
      `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      {
        retryAfterSeconds: Math.ceil(retryAfterMs / 1000),
      },
    );
  }

  const user = await UserModel.findOne({ username }, null, clientFilter).lean();
  const passwordOk = user
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyAgainstDecoy(input.password);
  if (!user || !passwordOk || !user.active) {
    await recordAudit({ actor: null, action: 'login.failed', target: username, at: now, ip: request.ip });
    throw new DomainError('UNAUTHENTICATED', WRONG_CREDENTIALS);
  }
  await settleLoginSuccess({ forget: [keys.userAtAddress], giveBack: [keys.user, keys.address] });

  // A new sign-in replaces the session this browser had (no session fixation, no orphaned sessions).
  if (request.previousSessionId) {
    await deleteSession(request.previousSessionId);
    // Its sockets too, in every process: nothing more is pushed to the session that was replaced.
    deps.liveSessions.end(request.previousSessionId);
  }
  const session = await createSession({ userId: user._id, ip: request.ip, now, ttlHours: deps.config.sessionTtlHours });
  const sessionUser = toSessionUser(user);
  await recordAudit({ actor: sessionUser, action: 'login.succeeded', target: username, at: now, ip: request.ip });
  return { user: sessionUser, ...session };
}

export async function logout(
  deps: Pick<AppDeps, 'now' | 'liveSessions'>,
  session: { sessionId: string | null; user: SessionUser | null; ip: string },
): Promise<{ ok: true }> {
  if (session.sessionId) {
    await deleteSession(session.sessionId);
    deps.liveSessions.end(session.sessionId);
  }
  if (session.user) {
    await recordAudit({
      actor: session.user,
      action: 'logout',
      target: session.user.username,
      at: deps.now(),
      ip: session.ip,
    });
  }
  return { ok: true };
}
