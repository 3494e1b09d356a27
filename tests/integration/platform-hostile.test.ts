/**
 * Hostile input to the platform procedures: wrong types, MongoDB operators where strings belong,
 * huge strings, unknown fields. Each is a clear BAD_REQUEST naming the field, and nothing changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { TRPCError } from '@trpc/server';
import { createCaller } from '../../server/src/trpc/root';
import { connectTestDatabase, testDeps } from '../support/deps';
import { contextFor, createPlatformFixtures, type PlatformFixtures } from '../support/platform';

let disconnect: () => Promise<void>;
let fx: PlatformFixtures;
const deps = testDeps({ now: () => new Date('2026-05-10T08:00:00+08:00') });

beforeAll(async () => {
  disconnect = await connectTestDatabase('hostile');
  fx = await createPlatformFixtures();
});
afterAll(async () => {
  await disconnect();
});

/** Counts of every collection, to show that a refused call changed nothing. */
async function snapshotCounts(): Promise<Record<string, number>> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('not connected');
  const collections = await db.listCollections().toArray();
  const counts: Record<string, number> = {};
  for (const { name } of collections) counts[name] = await db.collection(name).countDocuments();
  return counts;
}

// Inputs typed loosely on purpose: this is what a hostile client can put on the wire.
type Loose = (input: unknown) => Promise<unknown>;
const cases: { name: string; call: (c: ReturnType<typeof createCaller>) => Loose; input: unknown; field: string }[] = [
  {
    name: 'login with an operator for the username',
    call: (c) => c.auth.login as Loose,
    input: { username: { $ne: '' }, password: 'x' },
    field: 'username',
  },
  {
    name: 'login with an operator for the password',
    call: (c) => c.auth.login as Loose,
    input: { username: 'agent1', password: { $gt: '' } },
    field: 'password',
  },
  {
    name: 'login with an unknown field',
    call: (c) => c.auth.login as Loose,
    input: { username: 'agent1', password: 'demo1234', role: 'admin' },
    field: '',
  },
  {
    name: 'login with a huge password',
    call: (c) => c.auth.login as Loose,
    input: { username: 'agent1', password: 'x'.repeat(100_000) },
    field: 'password',
  },
  {
    name: 'search with an operator object',
    call: (c) => c.customers.search as Loose,
    input: { query: { $ne: '' } },
    field: 'query',
  },
  {
    name: 'search with a regex operator',
    call: (c) => c.customers.search as Loose,
    input: { query: { $regex: '.*' } },
    field: 'query',
  },
  {
    name: 'search with a huge string',
    call: (c) => c.customers.search as Loose,
    input: { query: '张'.repeat(50_000) },
    field: 'query',
  },
  { name: 'search with a number', call: (c) => c.customers.search as Loose, input: { query: 138 }, field: 'query' },
  {
    name: 'search with a huge limit',
    call: (c) => c.customers.search as Loose,
    input: { query: '张', limit: 1e9 },
    field: 'limit',
  },
  {
    name: 'search with an unknown field',
    call: (c) => c.customers.search as Loose,
    input: { query: '张', $where: 'sleep(1000)' },
    field: '',
  },
  {
    name: 'get with an operator for the id',
    call: (c) => c.customers.get as Loose,
    input: { id: { $gt: '' } },
    field: 'id',
  },
  {
    name: 'get with a non-hex id',
    call: (c) => c.customers.get as Loose,
    input: { id: 'zzzzzzzzzzzzzzzzzzzzzzzz' },
    field: 'id',
  },
  {
    name: 'reveal with an operator for the customer',
    call: (c) => c.customers.reveal as Loose,
    input: { customerId: { $ne: null }, field: 'phone', reason: 'because' },
    field: 'customerId',
  },
  {
    name: 'reveal an unknown field name',
    call: (c) => c.customers.reveal as Loose,
    input: { customerId: 'ffffffffffffffffffffffff', field: 'passwordHash', reason: 'because' },
    field: 'field',
  },
  {
    name: 'verify with an operator for the number',
    call: (c) => c.customers.verifyIdentity as Loose,
    input: { customerId: 'ffffffffffffffffffffffff', idNumber: { $ne: '' } },
    field: 'idNumber',
  },
  {
    name: 'departures with an operator for the origin',
    call: (c) => c.departures.search as Loose,
    input: { origin: { $regex: '.*' } },
    field: 'origin',
  },
  {
    name: 'departures with a bad date',
    call: (c) => c.departures.search as Loose,
    input: { date: '2026-13-45; drop' },
    field: 'date',
  },
  {
    name: 'booking by an operator ref',
    call: (c) => c.bookings.byRef as Loose,
    input: { ref: { $ne: null } },
    field: 'ref',
  },
  {
    name: 'booking by a ref with punctuation',
    call: (c) => c.bookings.byRef as Loose,
    input: { ref: 'TD00000.*' },
    field: 'ref',
  },
  { name: 'users by an unknown role', call: (c) => c.users.list as Loose, input: { role: 'root' }, field: 'role' },
  {
    name: 'users by an operator role',
    call: (c) => c.users.list as Loose,
    input: { role: { $in: ['admin'] } },
    field: 'role',
  },
  {
    name: 'a string instead of an object',
    call: (c) => c.customers.search as Loose,
    input: '{"query":"张"}',
    field: '',
  },
  {
    name: 'an array instead of an object',
    call: (c) => c.bookings.get as Loose,
    input: ['ffffffffffffffffffffffff'],
    field: '',
  },
];

describe('hostile input', () => {
  it.each(cases)('$name → BAD_REQUEST, nothing changed', async ({ call, input, field }) => {
    const before = await snapshotCounts();
    const caller = createCaller(contextFor(deps, fx.users.admin, { ip: '192.0.2.66' }));
    const error = await call(caller)(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    const issues = ((error as TRPCError).cause as { issues?: { path: PropertyKey[] }[] } | undefined)?.issues ?? [];
    expect(issues.length).toBeGreaterThan(0);
    if (field) expect(issues.map((i) => i.path.join('.'))).toContain(field);
    expect(await snapshotCounts()).toEqual(before);
  });

  it('text that looks like an operator is just text', async () => {
    const caller = createCaller(contextFor(deps, fx.users.agent));
    expect(await caller.customers.search({ query: '{"$ne": ""}' })).toEqual([]);
    expect(await caller.customers.search({ query: '$where' })).toEqual([]);
    await expect(caller.auth.login({ username: '$ne', password: 'x' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
