import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { createCaller } from '../../server/src/trpc/root';
import { AuditModel } from '../../server/src/db/models/audit';
import { SessionModel } from '../../server/src/db/models/session';
import { UserModel } from '../../server/src/db/models/user';
import { hashSessionToken, resolveSession } from '../../server/src/auth/sessions';
import { connectTestDatabase, testClock, testDeps, type TestClock } from '../support/deps';
import { contextFor, createPlatformFixtures, PASSWORD, recordingJar, type PlatformFixtures } from '../support/platform';

let disconnect: () => Promise<void>;
let fixtures: PlatformFixtures;
let clock: TestClock;
let deps: ReturnType<typeof testDeps>;

beforeAll(async () => {
  disconnect = await connectTestDatabase('auth');
  fixtures = await createPlatformFixtures();
});
afterAll(async () => {
  await disconnect();
});
beforeEach(() => {
  clock = testClock('2026-05-10T08:00:00+08:00');
  deps = testDeps({ now: clock.now });
});

/** A caller as the HTTP adapter would build it for a request carrying `token` in the cookie. */
async function callerWithCookie(token: string | null, ip = '198.51.100.1') {
  const session = token ? await resolveSession(token, clock.now()) : null;
  const jar = recordingJar();
  const ctx = contextFor(deps, session?.user ?? null, { sessionId: session?.sessionId ?? null, ip, jar });
  return { caller: createCaller(ctx), jar };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    return error instanceof TRPCError ? error.code : `not a TRPCError: ${String(error)}`;
  }
}

describe('auth.login', () => {
  it('signs in, sets the session cookie and stores only the hash of the token', async () => {
    const { caller, jar } = await callerWithCookie(null, '198.51.100.10');
    const user = await caller.auth.login({ username: 'agent1', password: PASSWORD });

    expect(user).toEqual({
      id: fixtures.users.agent.id,
      username: 'agent1',
      name: '王芳',
      role: 'agent',
      queues: ['sales', 'refunds'],
    });
    expect(jar.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(jar.expires?.toISOString()).toBe(
      new Date(clock.now().getTime() + deps.config.sessionTtlHours * 3_600_000).toISOString(),
    );

    const stored = await SessionModel.findOne({ userId: fixtures.users.agent.id }).sort({ _id: -1 }).lean();
    expect(stored?.tokenHash).toBe(hashSessionToken(jar.token ?? ''));
    expect(JSON.stringify(stored)).not.toContain(jar.token);
    expect(stored?.ip).toBe('198.51.100.10');

    const audit = await AuditModel.findOne({ action: 'login.succeeded', target: 'agent1' }).sort({ _id: -1 }).lean();
    expect(audit?.actor?.id).toBe(fixtures.users.agent.id);
    expect(audit?.ip).toBe('198.51.100.10');
  });

  it('accepts the username in any case', async () => {
    const { caller } = await callerWithCookie(null, '198.51.100.11');
    expect((await caller.auth.login({ username: '  Agent1 ', password: PASSWORD })).username).toBe('agent1');
  });

  it('gives the same answer for a wrong password, an unknown user and a deactivated user, and audits each', async () => {
    const { caller, jar } = await callerWithCookie(null, '198.51.100.12');
    const attempts = [
      { username: 'agent2', password: 'wrong-password' },
      { username: 'nobody', password: PASSWORD },
      { username: 'gone1', password: PASSWORD },
    ];
    const messages: string[] = [];
    for (const attempt of attempts) {
      const error = await caller.auth.login(attempt).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe('UNAUTHORIZED');
      messages.push((error as TRPCError).message);
    }
    expect(new Set(messages)).toEqual(new Set(['Wrong username or password.']));
    expect(jar.token).toBeNull();
    const failed = await AuditModel.find({ action: 'login.failed', ip: '198.51.100.12' }).lean();
    expect(failed.map((a) => a.target).sort()).toEqual(['agent2', 'gone1', 'nobody']);
    expect(failed.every((a) => a.actor === null)).toBe(true);
  });

  it('refuses a username after five failures from one address for 15 minutes, even with the right password', async () => {
    const { caller } = await callerWithCookie(null, '198.51.100.13');
    for (let i = 0; i < 5; i++) {
      expect(await codeOf(caller.auth.login({ username: 'qa1', password: `wrong-${i}` }))).toBe('UNAUTHORIZED');
    }
    const refused = await caller.auth
      .login({ username: 'qa1', password: PASSWORD })
      .catch((e: unknown) => e as TRPCError);
    expect(refused).toBeInstanceOf(TRPCError);
    expect((refused as TRPCError).code).toBe('TOO_MANY_REQUESTS');
    expect((refused as TRPCError).message).toMatch(/Try again in 15 minutes/);
    expect(await AuditModel.countDocuments({ action: 'login.throttled', target: 'qa1' })).toBe(1);

    // Another address is not blocked, and the block ends when the window has passed.
    const elsewhere = await callerWithCookie(null, '198.51.100.14');
    expect(await codeOf(elsewhere.caller.auth.login({ username: 'qa1', password: PASSWORD }))).toBe('OK');
    clock.advance(15 * 60_000 + 1);
    expect(await codeOf(caller.auth.login({ username: 'qa1', password: PASSWORD }))).toBe('OK');
  });

  it('counts guesses before checking the password: 40 sent at once get at most 5 checks, and the next lockout lasts longer', async () => {
    const { caller } = await callerWithCookie(null, '198.51.100.20');
    const codes = await Promise.all(
      Array.from({ length: 40 }, (_, i) => codeOf(caller.auth.login({ username: 'handler1', password: `guess-${i}` }))),
    );
    const checked = await AuditModel.countDocuments({ action: 'login.failed', target: 'handler1' });
    console.log(
      `40 parallel guesses: ${checked} password checks, ${codes.filter((c) => c === 'TOO_MANY_REQUESTS').length} refused unchecked`,
    );
    expect(checked).toBeLessThanOrEqual(5);
    expect(codes.filter((c) => c === 'UNAUTHORIZED')).toHaveLength(checked);
    expect(codes.filter((c) => c === 'TOO_MANY_REQUESTS')).toHaveLength(40 - checked);
    // Even the right password is not checked while locked.
    expect(await codeOf(caller.auth.login({ username: 'handler1', password: PASSWORD }))).toBe('TOO_MANY_REQUESTS');

    // Growing delay: once the first lockout is over, the next one lasts twice as long.
    clock.advance(15 * 60_000 + 1);
    for (let i = 0; i < 5; i++)
      expect(await codeOf(caller.auth.login({ username: 'handler1', password: `again-${i}` }))).toBe('UNAUTHORIZED');
    const second = await caller.auth
      .login({ username: 'handler1', password: PASSWORD })
      .catch((e: unknown) => e as TRPCError);
    expect((second as TRPCError).message).toMatch(/Try again in 30 minutes/);
    clock.advance(30 * 60_000 + 1);
    expect(await codeOf(caller.auth.login({ username: 'handler1', password: PASSWORD }))).toBe('OK');
  });

  it('replaces the session the browser already had', async () => {
    const first = await callerWithCookie(null, '198.51.100.15');
    await first.caller.auth.login({ username: 'super1', password: PASSWORD });
    const oldToken = first.jar.token ?? '';
    const second = await callerWithCookie(oldToken, '198.51.100.15');
    await second.caller.auth.login({ username: 'super1', password: PASSWORD });
    expect(await resolveSession(oldToken, clock.now())).toBeNull();
    expect((await resolveSession(second.jar.token, clock.now()))?.user.username).toBe('super1');
  });
});

describe('sessions', () => {
  it('auth.me answers the signed-in user, or null without a session', async () => {
    const login = await callerWithCookie(null, '198.51.100.20');
    await login.caller.auth.login({ username: 'handler1', password: PASSWORD });
    const { caller } = await callerWithCookie(login.jar.token);
    expect((await caller.auth.me())?.role).toBe('complaint_handler');
    expect(await (await callerWithCookie(null)).caller.auth.me()).toBeNull();
    expect(await (await callerWithCookie('not-a-token')).caller.auth.me()).toBeNull();
  });

  it('expires after the configured time, checked on read', async () => {
    const login = await callerWithCookie(null, '198.51.100.21');
    await login.caller.auth.login({ username: 'admin1', password: PASSWORD });
    clock.advance(deps.config.sessionTtlHours * 3_600_000 - 1000);
    expect(await resolveSession(login.jar.token, clock.now())).not.toBeNull();
    clock.advance(1000);
    expect(await resolveSession(login.jar.token, clock.now())).toBeNull();
  });

  it('ends when the user is deactivated', async () => {
    const login = await callerWithCookie(null, '198.51.100.22');
    await login.caller.auth.login({ username: 'agent2', password: PASSWORD });
    await UserModel.updateOne({ username: 'agent2' }, { $set: { active: false } });
    try {
      expect(await resolveSession(login.jar.token, clock.now())).toBeNull();
    } finally {
      await UserModel.updateOne({ username: 'agent2' }, { $set: { active: true } });
    }
  });

  it('auth.logout deletes the session, clears the cookie and is audited; logging out twice is harmless', async () => {
    const login = await callerWithCookie(null, '198.51.100.23');
    await login.caller.auth.login({ username: 'agent1', password: PASSWORD });
    const token = login.jar.token ?? '';
    const { caller, jar } = await callerWithCookie(token, '198.51.100.23');
    expect(await caller.auth.logout()).toEqual({ ok: true });
    expect(jar.cleared).toBe(1);
    expect(await SessionModel.countDocuments({ tokenHash: hashSessionToken(token) })).toBe(0);
    expect(await AuditModel.countDocuments({ action: 'logout', ip: '198.51.100.23' })).toBe(1);

    const again = await callerWithCookie(token);
    expect(await again.caller.auth.logout()).toEqual({ ok: true });
    expect(await again.caller.auth.me()).toBeNull();
  });
});
