/**
 * Customer search as a hostile insider would use it (issue 7, item 1) and as an agent does
 * (issue 8, agent flow 3): phone and ID numbers match only whole, lookups by them are counted per
 * user in MongoDB and audited, ID checks are limited per user and customer; search finds
 * passengers, ticket numbers and a name with the phone's last four digits; agents create customers.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import mongoose from 'mongoose';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { createCaller } from '../../server/src/trpc/root';
import { AuditModel } from '../../server/src/db/models/audit';
import { CustomerModel } from '../../server/src/db/models/customer';
import { RateCounterModel } from '../../server/src/db/models/rate-counter';
import { searchLimits } from '../../server/src/customers/search-limits';
import { connectTestDatabase, testClock, testDeps } from '../support/deps';
import {
  contextFor,
  createPlatformFixtures,
  LI_ID,
  ZHANG_ID,
  ZHANG_PHONE,
  type PlatformFixtures,
} from '../support/platform';

let disconnect: () => Promise<void>;
let fx: PlatformFixtures;
const clock = testClock();
const deps = testDeps({ now: clock.now });
const caller = (role: keyof PlatformFixtures['users'] = 'agent') => createCaller(contextFor(deps, fx.users[role]));
const names = (list: { name: string }[]) => list.map((c) => c.name);
/** What a call answered: the names found, or the tRPC error code. */
const outcome = (p: Promise<{ name: string }[]>) =>
  p.then(names, (e: unknown) => (e instanceof TRPCError ? e.code : String(e)));

const execFileAsync = promisify(execFile);
/** Counts one attempt from a separate Node process against this test's database. */
async function inAnotherProcess(limitName: string, subject: string): Promise<{ count: number; allowed: boolean }> {
  const { stdout } = await execFileAsync(
    process.execPath,
    [
      '--import',
      'tsx',
      'tests/support/count-attempt-process.ts',
      inject('mongodbUri'),
      mongoose.connection.name,
      limitName,
      subject,
      clock.now().toISOString(),
    ],
    { timeout: 60_000 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { count: number; allowed: boolean };
}

beforeAll(async () => {
  disconnect = await connectTestDatabase('customer_search');
  fx = await createPlatformFixtures();
});
afterAll(async () => {
  await disconnect();
});
// Each test starts in fresh rate-limit windows.
beforeEach(() => clock.advance(2 * 3600_000));

describe('search is not an oracle for masked numbers', () => {
  it('a digit-by-digit phone prefix probe learns nothing', async () => {
    const qa = caller('qa');
    const [masked] = await qa.customers.search({ query: '张伟' });
    expect(masked?.phone).toBe('138****8000');
    // The probe of the report: the three visible digits, then each hidden digit in turn, 0 to 9.
    const answers: (string[] | string)[] = [];
    let known = ZHANG_PHONE.slice(0, 3);
    for (let position = 3; position < 7; position++) {
      for (let d = 0; d <= 9; d++) answers.push(await outcome(qa.customers.search({ query: `${known}${d}` })));
      known += ZHANG_PHONE[position];
    }
    const found = answers.filter((a) => Array.isArray(a) && a.length > 0);
    console.log(
      `prefix probe: ${found.length} of ${answers.length} probes found a customer, ${answers.filter((a) => a === 'TOO_MANY_REQUESTS').length} refused`,
    );
    expect(found).toEqual([]);
  });

  it('a batch of ID guesses hits the limit, is audited, and the right guess after it finds nothing', async () => {
    const agent = caller('agent');
    const max = searchLimits.identifierSearch.max;
    // 110105********002X: only the birth date is hidden. 50 wrong dates at once, then the right one.
    const wrong = Array.from({ length: 50 }, (_, i) => {
      const day = new Date(Date.UTC(1949, 9, 1 + i)).toISOString().slice(0, 10).replace(/-/g, '');
      return `110105${day}002X`;
    });
    const answers = await Promise.all(wrong.map((query) => outcome(agent.customers.search({ query }))));
    const right = await outcome(agent.customers.search({ query: ZHANG_ID }));
    const refused = answers.filter((a) => a === 'TOO_MANY_REQUESTS').length;
    const searched = await AuditModel.countDocuments({
      action: 'customer.searched',
      'actor.id': fx.users.agent.id,
      'details.by': 'residentId',
    });
    const limited = await AuditModel.find({ action: 'customer.lookup_limited', 'actor.id': fx.users.agent.id }).lean();
    console.log(
      `ID guesses: ${answers.length - refused} answered, ${refused} refused, right guess: ${JSON.stringify(right)}, audited ${searched} searches and ${limited.length} refusals`,
    );
    expect(refused).toBe(50 - max);
    expect(answers.filter((a) => Array.isArray(a)).every((a) => (a as string[]).length === 0)).toBe(true);
    expect(right).toBe('TOO_MANY_REQUESTS');
    expect(searched).toBe(max);
    expect(limited).toHaveLength(1);
    expect(limited[0]).toMatchObject({
      target: `user:${fx.users.agent.id}`,
      details: { limit: searchLimits.identifierSearch.name, max },
    });
    // The audit never holds the typed numbers.
    expect(JSON.stringify(await AuditModel.find({ 'actor.id': fx.users.agent.id }).lean())).not.toContain('19491231');
    // Counted in MongoDB, so every server process sees the same count: a second process counts on from 51.
    const counter = await RateCounterModel.findOne({
      _id: { $regex: `^${searchLimits.identifierSearch.name}:${fx.users.agent.id}:` },
    }).lean();
    expect(counter?.count).toBe(51);
    const other = await inAnotherProcess(searchLimits.identifierSearch.name, fx.users.agent.id);
    expect(other).toMatchObject({ count: 52, allowed: false });
    // Searching by name is still possible meanwhile; other agents have their own budget.
    expect(await outcome(agent.customers.search({ query: '李' }))).toEqual(['李娜']);
    expect(await outcome(caller('otherAgent').customers.search({ query: ZHANG_ID }))).toEqual(['张伟']);
  });

  it('verifying an ID says only match or no match, a few times per user and customer', async () => {
    const agent = caller('agent');
    const max = searchLimits.identityCheck.max;
    const answers: unknown[] = [];
    for (let i = 0; i < max; i++)
      answers.push(
        await agent.customers.verifyIdentity({ customerId: fx.customers.zhang, idNumber: `1101051949120${i + 1}002X` }),
      );
    expect(answers).toEqual(Array.from({ length: max }, () => ({ match: false })));
    const right = await agent.customers
      .verifyIdentity({ customerId: fx.customers.zhang, idNumber: ZHANG_ID })
      .catch((e: unknown) => (e instanceof TRPCError ? e.code : e));
    console.log(`ID check after ${max} misses: ${JSON.stringify(right)}`);
    expect(right).toBe('TOO_MANY_REQUESTS');
    expect(
      await AuditModel.countDocuments({ action: 'customer.lookup_limited', target: `customer:${fx.customers.zhang}` }),
    ).toBe(1);
    // Another customer, or another agent on this customer, is not held up.
    expect(await agent.customers.verifyIdentity({ customerId: fx.customers.li, idNumber: LI_ID })).toEqual({
      match: true,
    });
    expect(
      await caller('otherAgent').customers.verifyIdentity({ customerId: fx.customers.zhang, idNumber: ZHANG_ID }),
    ).toEqual({ match: true });
  });
});

describe('whole values still find the customer', () => {
  it('by whole phone, ID number, booking reference and ticket number, audited like a reveal', async () => {
    const agent = caller('agent');
    expect(names(await agent.customers.search({ query: ZHANG_PHONE }))).toEqual(['张伟']);
    expect(names(await agent.customers.search({ query: '+86 138-0013-8000' }))).toEqual(['张伟']);
    expect(names(await agent.customers.search({ query: ZHANG_ID.toLowerCase() }))).toEqual(['张伟']);
    expect(names(await agent.customers.search({ query: 'td0000001' }))).toEqual(['张伟']);
    // The child's ticket on Zhang's booking.
    expect(names(await agent.customers.search({ query: 'e000000002' }))).toEqual(['张伟']);
    const entry = await AuditModel.findOne({ action: 'customer.searched', 'details.by': 'code' })
      .sort({ _id: -1 })
      .lean();
    expect(entry).toMatchObject({
      target: `customer:${fx.customers.zhang}`,
      details: { by: 'code', found: [fx.customers.zhang] },
    });
  });

  it('by a passenger: their name or ID number on a booking finds its holder', async () => {
    const agent = caller('agent');
    // 张小明 travels on Zhang's booking with Li's ID number (fixture data).
    expect(names(await agent.customers.search({ query: '张小明' }))).toEqual(['张伟']);
    expect(names(await agent.customers.search({ query: '小明' }))).toEqual(['张伟']);
    expect(names(await agent.customers.search({ query: LI_ID }))).toEqual(['李娜', '张伟']);
    expect(names(await agent.customers.search({ query: 'E12345678' }))).toEqual(['John Smith']);
  });

  it('by the last four digits of the phone only together with a name', async () => {
    const agent = caller('agent');
    expect(names(await agent.customers.search({ query: '张伟 8000' }))).toEqual(['张伟']);
    expect(names(await agent.customers.search({ query: '张8000' }))).toEqual(['张伟']);
    expect(names(await agent.customers.search({ query: '8000 张伟' }))).toEqual(['张伟']);
    expect(names(await agent.customers.search({ query: 'smith 1111' }))).toEqual(['John Smith']);
    expect(await agent.customers.search({ query: '张伟 5678' })).toEqual([]);
    expect(await agent.customers.search({ query: '8000' })).toEqual([]);
  });
});

describe('customers.create', () => {
  const valid = {
    name: '陈静',
    phone: '+86 136 0000 1234',
    email: '',
    idType: 'resident_id' as const,
    idNumber: '110101199003074231',
  };

  it('creates a customer with a valid resident ID, masked in the answer and found by search', async () => {
    const created = await caller('agent').customers.create(valid);
    expect(created).toMatchObject({
      name: '陈静',
      phone: '136****1234',
      idNumber: '110101********4231',
      email: null,
      masked: true,
      vipTier: 'none',
    });
    expect(await CustomerModel.findById(created.id).lean()).toMatchObject({
      phone: '13600001234',
      idNumber: '110101199003074231',
    });
    expect(names(await caller('agent').customers.search({ query: '陈静 1234' }))).toEqual(['陈静']);
    expect(await AuditModel.countDocuments({ action: 'customer.created', target: `customer:${created.id}` })).toBe(1);
  });

  it('refuses a resident ID that fails GB 11643, naming the field', async () => {
    const error = await caller('agent')
      .customers.create({ ...valid, idNumber: '110101199003074232' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    expect((error as TRPCError).message).toContain('check character');
    const badDate = await caller('agent')
      .customers.create({ ...valid, idNumber: '110101199002304231' })
      .catch((e: unknown) => e);
    expect((badDate as TRPCError).message).toContain('birth date');
  });

  it('refuses an ID number already on file, naming the customer who has it', async () => {
    const before = await CustomerModel.countDocuments();
    const error = await caller('agent')
      .customers.create({ ...valid, name: '张三', idNumber: ZHANG_ID.toLowerCase() })
      .catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe('CONFLICT');
    expect((error as TRPCError).message).toContain('张伟');
    // Two agents creating the same new person at once: one customer.
    const twice = await Promise.allSettled([
      caller('agent').customers.create({ ...valid, name: '吴磊', idType: 'passport', idNumber: 'G98765432' }),
      caller('otherAgent').customers.create({ ...valid, name: '吴磊', idType: 'passport', idNumber: 'G98765432' }),
    ]);
    expect(twice.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await CustomerModel.countDocuments()).toBe(before + 1);
  });

  it('refuses operators and unknown fields, and writes nothing', async () => {
    const before = await CustomerModel.countDocuments();
    const loose = caller('agent').customers.create as unknown as (input: unknown) => Promise<unknown>;
    await expect(loose({ ...valid, name: { $ne: '' } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(loose({ ...valid, idNumber: '110101199003071233', vipTier: 'platinum' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(loose({ ...valid, idNumber: '110101199003071233', phone: '12' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(await CustomerModel.countDocuments()).toBe(before);
  });

  it('is for case workers only', async () => {
    await expect(caller('qa').customers.create({ ...valid, idNumber: '110101199003071233' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
