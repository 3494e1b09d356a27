/**
 * The admin's fare-rule pages against the database (issue 14, item 5): the rule tables are the
 * policy engine's own data, a year's Spring Festival rush dates are stored and audited, and every
 * quote (booking quote, what-if calculator, a refund case) uses them once entered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ruleSetVersionsWithRules } from '../../workflows/policy';
import { createCaller } from '../../server/src/trpc/root';
import { AuditModel } from '../../server/src/db/models/audit';
import { RushPeriodModel } from '../../server/src/db/models/rush-period';
import { connectTestDatabase, testDeps } from '../support/deps';
import { failureOf as failure, newKey, step, ticketedRailBooking } from '../support/engine-steps';
import { contextFor, createPlatformFixtures, ZHANG_ID, type PlatformFixtures } from '../support/platform';

let disconnect: () => Promise<void>;
let fx: PlatformFixtures;
/** Server time: 2026-12-10 in Shanghai, two months before the train of 2027-02-10. */
const deps = testDeps({ now: () => new Date('2026-12-10T10:00:00+08:00') });
const as = (role: 'agent' | 'admin' | 'supervisor') => createCaller(contextFor(deps, fx.users[role]));

/** 张伟's ticket changed (on 2026-12-08, from a train of 2027-01-05) to G1 of 2027-02-10: in the 2027 rush once it is entered. */
let changedInto2027: string;

beforeAll(async () => {
  disconnect = await connectTestDatabase('fare_rules');
  fx = await createPlatformFixtures();
  changedInto2027 = (
    await ticketedRailBooking(fx, {
      ref: 'TD0002027',
      departureCode: 'G1',
      departureAt: '2027-02-10T07:00:00+08:00',
      purchasedAt: '2026-12-05T09:00:00+08:00',
      paidAt: '2026-12-05T09:01:00+08:00',
      ticketNumber: 'E000002027',
      p1: {
        seat: '05车12F',
        changed: true,
        changedAt: new Date('2026-12-08T10:00:00+08:00'),
        originalDepartureAt: new Date('2027-01-05T07:00:00+08:00'),
      },
    })
  ).id;
});
afterAll(async () => {
  await disconnect();
});

const key = () => newKey('fare-rules');

async function refundCaseQuote() {
  const agent = as('agent');
  let c = await agent.cases.create({
    kind: 'refund',
    channel: 'phone',
    customerId: fx.customers.zhang,
    bookingId: changedInto2027,
    subject: '退票',
    idempotencyKey: key(),
  });
  c = await step(agent, c, { type: 'VERIFY', idNumber: ZHANG_ID });
  c = await step(agent, c, { type: 'QUOTE_REFUND', passengerIds: ['p1'], reason: '行程取消' });
  const quote = (
    c.data as {
      quote: { lines: { quote: { feeFen: number; refundFen: number; ruleId: string; needsReview?: unknown } }[] };
    }
  ).quote;
  const line = quote.lines[0];
  if (!line) throw new Error('no quote line');
  return line.quote;
}

describe('fareRules.list', () => {
  it('serves every rule-set version with its tables as the policy engine has them, and the rush years', async () => {
    const list = await as('supervisor').fareRules.list();
    expect(list.versions).toEqual(ruleSetVersionsWithRules());
    expect(list.versions.map((v) => v.versionId)).toContain('cn-rail-xb@2026-12-01');
    expect(list.rushPeriods.filter((p) => p.year <= 2027)).toEqual([
      { year: 2026, from: '2026-02-02', to: '2026-03-13', source: 'published', enteredBy: null, enteredAt: null },
      { year: 2027, from: null, to: null, source: 'not-published', enteredBy: null, enteredAt: null },
    ]);
  });
});

describe('fareRules.setRushPeriod and the quotes', () => {
  it('before 2027 is entered, a changed ticket travelling 2027-02-10 is quoted by time left and says "not yet published"', async () => {
    const quote = await as('agent').quote.refund({ bookingId: changedInto2027 });
    const ticket = quote.tickets[0]?.quote;
    expect(ticket).toMatchObject({
      allowed: true,
      feeFen: 0,
      refundFen: 55_300,
      ruleId: 'cn-rail@2026-12-01/refund.tier-192h',
    });
    expect(ticket?.needsReview?.reason.en).toContain('the 2027 Spring Festival rush dates are not yet published');
    expect(ticket?.needsReview?.reason['zh-CN']).toContain('2027年春运日期尚未公布');
    const inCase = await refundCaseQuote();
    expect(inCase).toMatchObject({ feeFen: 0, refundFen: 55_300, ruleId: 'cn-rail@2026-12-01/refund.tier-192h' });
  });

  it('refuses dates outside January to March, start after end, and the published 2026 without replace, with bilingual reasons', async () => {
    const admin = as('admin');
    const outside = await failure(admin.fareRules.setRushPeriod({ year: 2027, from: '2027-01-20', to: '2027-04-02' }));
    expect(outside.code).toBe('BAD_REQUEST');
    expect(outside.message).toBe('The 2027 rush must fall between 2027-01-01 and 2027-03-31');
    const backwards = await failure(
      admin.fareRules.setRushPeriod({ year: 2027, from: '2027-03-01', to: '2027-01-22' }),
    );
    expect(backwards.message).toBe('The start 2027-03-01 is after the end 2027-01-22');
    const published = await failure(
      admin.fareRules.setRushPeriod({ year: 2026, from: '2026-02-01', to: '2026-03-13' }),
    );
    expect(published.code).toBe('CONFLICT');
    expect(published.message).toBe(
      'The 2026 rush dates are published (2026-02-02 to 2026-03-13); confirm that you replace them',
    );
    expect(await RushPeriodModel.countDocuments({})).toBe(0);
  });

  it('stores 2027 (audited); from then the booking quote and a refund case charge the 20% rush fee', async () => {
    const stored = await as('admin').fareRules.setRushPeriod({ year: 2027, from: '2027-01-22', to: '2027-03-02' });
    expect(stored).toMatchObject({
      year: 2027,
      from: '2027-01-22',
      to: '2027-03-02',
      source: 'entered',
      enteredBy: '周杰',
    });
    const audit = await AuditModel.findOne({ action: 'fare_rules.rush_period_set' }).lean();
    expect(audit).toMatchObject({
      target: 'rush:2027',
      actor: { name: '周杰', role: 'admin' },
      details: { year: 2027, from: '2027-01-22', to: '2027-03-02', replace: false, previous: null },
    });

    const quote = await as('agent').quote.refund({ bookingId: changedInto2027 });
    const ticket = quote.tickets[0]?.quote;
    expect(ticket).toMatchObject({
      allowed: true,
      feeFen: 11_050,
      refundFen: 44_250,
      ruleId: 'cn-rail@2026-12-01/refund.changed-spring-festival',
    });
    expect(ticket?.needsReview).toBeUndefined();
    expect(ticket?.explanation.en).toContain('in the Spring Festival rush (2027-01-22 to 2027-03-02)');
    expect(await refundCaseQuote()).toMatchObject({
      feeFen: 11_050,
      refundFen: 44_250,
      ruleId: 'cn-rail@2026-12-01/refund.changed-spring-festival',
    });

    const whatIf = await as('agent').quote.compute({
      kind: 'refund',
      ruleSet: 'cn-rail',
      fareFen: 55_300,
      purchasedAt: '2026-12-05T09:00:00+08:00',
      departureAt: '2027-02-10T07:00:00+08:00',
      requestedAt: '2026-12-10T10:00:00+08:00',
      changed: true,
    });
    expect(whatIf.quote).toMatchObject({ feeFen: 11_050, ruleId: 'cn-rail@2026-12-01/refund.changed-spring-festival' });
    expect((await as('admin').fareRules.list()).rushPeriods.find((p) => p.year === 2027)).toMatchObject({
      source: 'entered',
      from: '2027-01-22',
      enteredBy: '周杰',
    });
  });

  it('does not overwrite an entered year silently; with replace it does, and the audit keeps the previous dates', async () => {
    const admin = as('admin');
    const again = await failure(admin.fareRules.setRushPeriod({ year: 2027, from: '2027-01-21', to: '2027-03-01' }));
    expect(again.code).toBe('CONFLICT');
    expect(again.message).toBe(
      'The 2027 rush dates were already entered (2027-01-22 to 2027-03-02); confirm that you replace them',
    );
    await admin.fareRules.setRushPeriod({ year: 2027, from: '2027-01-21', to: '2027-02-09', replace: true });
    const audits = await AuditModel.find({ action: 'fare_rules.rush_period_set', target: 'rush:2027' })
      .sort({ _id: 1 })
      .lean();
    expect(audits.map((a) => a.details)).toEqual([
      { year: 2027, from: '2027-01-22', to: '2027-03-02', replace: false, previous: null },
      {
        year: 2027,
        from: '2027-01-21',
        to: '2027-02-09',
        replace: true,
        previous: { year: 2027, from: '2027-01-22', to: '2027-03-02' },
      },
    ]);
    // 2027-02-10 is now after the rush: the time-left tier again, and no "not yet published" review.
    const ticket = (await as('agent').quote.refund({ bookingId: changedInto2027 })).tickets[0]?.quote;
    expect(ticket).toMatchObject({ feeFen: 0, ruleId: 'cn-rail@2026-12-01/refund.tier-192h' });
    expect(ticket?.needsReview).toBeUndefined();
  });
});
