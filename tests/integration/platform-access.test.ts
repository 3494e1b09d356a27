/**
 * Who may call what, for every procedure of the auth, users, customers, departures, bookings and
 * fareRules routers and every role; signed out is UNAUTHORIZED everywhere but auth.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { roles, type Role } from '../../shared/roles';
import { createCaller } from '../../server/src/trpc/root';
import { connectTestDatabase, testDeps } from '../support/deps';
import { contextFor, createPlatformFixtures, LI_ID, type PlatformFixtures } from '../support/platform';

type Caller = ReturnType<typeof createCaller>;

let disconnect: () => Promise<void>;
let fx: PlatformFixtures;
const deps = testDeps({ now: () => new Date('2026-05-10T08:00:00+08:00') });

beforeAll(async () => {
  disconnect = await connectTestDatabase('access');
  fx = await createPlatformFixtures();
});
afterAll(async () => {
  await disconnect();
});

const everyone = roles;
const procedures: { name: string; allowed: readonly Role[]; call: (c: Caller) => Promise<unknown> }[] = [
  { name: 'users.list', allowed: everyone, call: (c) => c.users.list({}) },
  {
    name: 'users.setActive',
    allowed: ['admin'],
    call: (c) => c.users.setActive({ userId: fx.users.otherAgent.id, active: true }),
  },
  {
    name: 'users.setRole',
    allowed: ['admin'],
    call: (c) => c.users.setRole({ userId: fx.users.otherAgent.id, role: 'agent' }),
  },
  { name: 'customers.search', allowed: everyone, call: (c) => c.customers.search({ query: '张' }) },
  { name: 'customers.get', allowed: everyone, call: (c) => c.customers.get({ id: fx.customers.zhang }) },
  {
    name: 'customers.reveal',
    allowed: ['complaint_handler', 'supervisor', 'admin'],
    call: (c) =>
      c.customers.reveal({ customerId: fx.customers.li, field: 'phone', reason: 'caller asked to confirm the number' }),
  },
  {
    name: 'customers.verifyIdentity',
    allowed: ['agent', 'complaint_handler', 'supervisor', 'admin'],
    call: (c) => c.customers.verifyIdentity({ customerId: fx.customers.li, idNumber: LI_ID }),
  },
  { name: 'departures.search', allowed: everyone, call: (c) => c.departures.search({ date: '2026-05-12' }) },
  { name: 'departures.get', allowed: everyone, call: (c) => c.departures.get({ id: fx.departures.g1 }) },
  { name: 'bookings.get', allowed: everyone, call: (c) => c.bookings.get({ id: fx.bookings.zhangRail.id }) },
  { name: 'bookings.byRef', allowed: everyone, call: (c) => c.bookings.byRef({ ref: fx.bookings.zhangRail.ref }) },
  { name: 'fareRules.list', allowed: ['supervisor', 'qa', 'admin'], call: (c) => c.fareRules.list() },
  {
    name: 'fareRules.setRushPeriod',
    allowed: ['admin'],
    // replace: the admin's run may come after another test run's in the same database; the write is the same.
    call: (c) => c.fareRules.setRushPeriod({ year: 2031, from: '2031-01-10', to: '2031-02-18', replace: true }),
  },
  {
    name: 'reports.summary',
    allowed: ['supervisor', 'qa', 'admin'],
    call: (c) => c.reports.summary({ from: '2026-05-01', to: '2026-05-07', groupBy: 'agent' }),
  },
  {
    name: 'reconciliation.day',
    allowed: ['supervisor', 'qa', 'admin'],
    call: (c) => c.reconciliation.day({ date: '2026-05-06' }),
  },
  {
    name: 'reconciliation.prepare',
    allowed: ['supervisor', 'admin'],
    call: (c) => c.reconciliation.prepare({ date: '2026-05-06' }),
  },
  {
    name: 'reconciliation.adjust',
    allowed: ['supervisor', 'admin'],
    // One key for every role: the second allowed call is the first one's retry.
    call: (c) =>
      c.reconciliation.adjust({
        correctsDate: '2026-05-06',
        kind: 'refund',
        amountFen: 100,
        note: 'access check',
        idempotencyKey: 'platform-access-adjust',
      }),
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

describe('auth procedures are public', () => {
  it('me and logout answer without a session', async () => {
    const caller = createCaller(contextFor(deps, null));
    expect(await caller.auth.me()).toBeNull();
    expect(await caller.auth.logout()).toEqual({ ok: true });
  });
});
