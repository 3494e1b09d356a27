/**
 * Who may call what, for every procedure of the presence, skills and routing routers and every
 * role; signed out is UNAUTHORIZED everywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { roles, type Role } from '../../shared/roles';
import { createCaller } from '../../server/src/trpc/root';
import { connectTestDatabase, testDeps } from '../support/deps';
import { newKey } from '../support/engine-steps';
import { contextFor, createPlatformFixtures, type PlatformFixtures } from '../support/platform';

type Caller = ReturnType<typeof createCaller>;

let disconnect: () => Promise<void>;
let fx: PlatformFixtures;
const deps = testDeps({ now: () => new Date('2026-05-10T08:00:00+08:00') });

beforeAll(async () => {
  disconnect = await connectTestDatabase('routing_access');
  fx = await createPlatformFixtures();
});
afterAll(async () => {
  await disconnect();
});

const workers: Role[] = ['agent', 'complaint_handler', 'supervisor', 'admin'];
const procedures: { name: string; allowed: readonly Role[]; call: (c: Caller) => Promise<unknown> }[] = [
  { name: 'presence.mine', allowed: workers, call: (c) => c.presence.mine() },
  { name: 'presence.set', allowed: workers, call: (c) => c.presence.set({ status: 'available' }) },
  { name: 'skills.list', allowed: ['supervisor', 'admin'], call: (c) => c.skills.list() },
  {
    name: 'skills.set',
    allowed: ['admin'],
    call: (c) =>
      c.skills.set({
        userId: fx.users.otherAgent.id,
        skills: {
          queues: [{ queue: 'refunds', priority: 1 }],
          channels: ['chat'],
          languages: ['zh', 'en'],
          vip: false,
          capacity: { calls: 0, chats: 2, cases: 5 },
        },
      }),
  },
  {
    name: 'routing.next',
    allowed: ['agent', 'complaint_handler', 'supervisor'],
    call: (c) => c.routing.next({ idempotencyKey: newKey('access') }),
  },
];

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    return error instanceof TRPCError ? error.code : `unexpected ${String(error)}`;
  }
}

describe.each(procedures)('$name', ({ allowed, call }) => {
  it.each(roles.map((role) => [role]))('as %s', async (role) => {
    const caller = createCaller(contextFor(deps, fx.users[role]));
    expect(await outcome(call(caller))).toBe(allowed.includes(role) ? 'OK' : 'FORBIDDEN');
  });

  it('signed out is UNAUTHORIZED', async () => {
    expect(await outcome(call(createCaller(contextFor(deps, null))))).toBe('UNAUTHORIZED');
  });
});

describe('skills.set', () => {
  it('is audited and read back by skills.list', async () => {
    const admin = createCaller(contextFor(deps, fx.users.admin));
    const list = await admin.skills.list();
    const other = list.find((u) => u.userId === fx.users.otherAgent.id);
    expect(other?.skills).toMatchObject({ channels: ['chat'], capacity: { calls: 0, chats: 2, cases: 5 } });
    expect(list.some((u) => u.role === 'qa' || u.role === 'admin')).toBe(false);
  });
  it('refuses skills for a role the router does not serve', async () => {
    const admin = createCaller(contextFor(deps, fx.users.admin));
    await expect(
      admin.skills.set({
        userId: fx.users.qa.id,
        skills: { queues: [], channels: [], languages: ['zh'], vip: false, capacity: { calls: 0, chats: 0, cases: 0 } },
      }),
    ).rejects.toMatchObject({ code: 'UNPROCESSABLE_CONTENT' });
  });
});
