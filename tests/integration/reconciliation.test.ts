/**
 * The daily reconciliation through createCaller against MongoDB: a day whose two sides agree, a
 * closed day that never changes, an adjustment landing on the day it is made, and the 00:30 job
 * claiming yesterday once across two nodes. The seed's planted mismatches are checked in seed.test.ts.
 */
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareYesterdayIfDue } from '../../server/src/reports/reconciliation.service';
import { connectTestDatabase } from '../support/deps';
import { engineTestContext, failureOf, newKey } from '../support/engine-steps';
import { createPlatformFixtures, type PlatformFixtures } from '../support/platform';
import { insertReportFixture } from '../support/report-fixture';

let cleanup: () => Promise<void>;
let fx: PlatformFixtures;
const at = (local: string) => new Date(`${local}+08:00`);

beforeAll(async () => {
  cleanup = await connectTestDatabase('reconciliation');
  fx = await createPlatformFixtures();
  await insertReportFixture();
  // The gateway's side of the fixture's money: R1's refund on 2 March, CP1's voucher on 3 March.
  await mongoose.connection.collection('payments').insertOne({
    idempotencyKey: 'k-r1',
    kind: 'refund',
    amountFen: 9000,
    reference: 'b1',
    gatewayRef: 'RFD-R1',
    at: at('2026-03-02T09:10:59'),
  });
  await mongoose.connection.collection('compensations').insertOne({
    _id: 'k-c1' as unknown as mongoose.Types.ObjectId,
    caseId: 'cp1',
    customerId: 'cu3',
    type: 'voucher',
    amountFen: 5000,
    reference: 'CMP-C1',
    at: at('2026-03-03T09:05:00'),
  });
});
afterAll(async () => cleanup());

const ctx = () => engineTestContext('2026-03-04T12:00:00+08:00');

describe('reconciliation', () => {
  it('finds nothing on a day whose cases and gateway agree, with the totals of each side', async () => {
    const supervisor = ctx().as(fx.users.supervisor);
    const day = await supervisor.reconciliation.day({ date: '2026-03-02' });
    expect(day.status).toBe('open');
    expect(day.mismatches).toEqual([]);
    expect(day.totals.refund).toEqual({ count: 1, expectedFen: 9000, actualFen: 9000 });
    expect((await supervisor.reconciliation.day({ date: '2026-03-03' })).totals.compensation).toEqual({
      count: 1,
      expectedFen: 5000,
      actualFen: 5000,
    });
  });

  it('closes a past day with a note; afterwards it never changes and refuses to be closed or prepared again', async () => {
    const { as } = ctx();
    const supervisor = as(fx.users.supervisor);
    const closeKey = newKey('close');
    const closed = await supervisor.reconciliation.close({
      date: '2026-03-02',
      note: '已核对',
      idempotencyKey: closeKey,
    });
    expect(closed).toMatchObject({
      status: 'closed',
      note: '已核对',
      closedBy: { name: fx.users.supervisor.name },
      mismatches: [],
    });
    // A retry of the same close answers the same.
    expect(
      (await supervisor.reconciliation.close({ date: '2026-03-02', note: '已核对', idempotencyKey: closeKey }))
        .closedAt,
    ).toBe(closed.closedAt);

    // A payout stamped on the closed day turns up later: the closed day shows what it showed.
    await mongoose.connection.collection('payments').insertOne({
      idempotencyKey: 'late-stray',
      kind: 'refund',
      amountFen: 777,
      reference: 'counter',
      gatewayRef: 'RFD-LATE',
      at: at('2026-03-02T18:00:00'),
    });
    expect(await supervisor.reconciliation.day({ date: '2026-03-02' })).toEqual(closed);

    const again = await failureOf(
      supervisor.reconciliation.close({ date: '2026-03-02', note: 'x', idempotencyKey: newKey('close') }),
    );
    expect(again.code).toBe('CONFLICT');
    expect((await failureOf(supervisor.reconciliation.prepare({ date: '2026-03-02' }))).code).toBe('CONFLICT');
    // The 00:30 job of 3 March finds the day closed and leaves it.
    expect(await prepareYesterdayIfDue(at('2026-03-03T00:31:00'), 'n1')).toBe(null);
    expect(await supervisor.reconciliation.day({ date: '2026-03-02' })).toEqual(closed);
    // Today has not ended: it cannot be closed.
    expect(
      (
        await failureOf(
          supervisor.reconciliation.close({ date: '2026-03-04', note: 'x', idempotencyKey: newKey('close') }),
        )
      ).code,
    ).toBe('BAD_REQUEST');
  });

  it('puts a correction of a closed day on the day it is made', async () => {
    const supervisor = ctx().as(fx.users.supervisor);
    const adjustment = await supervisor.reconciliation.adjust({
      correctsDate: '2026-03-02',
      kind: 'refund',
      amountFen: 777,
      note: '柜台退款补录',
      idempotencyKey: newKey('adjust'),
    });
    expect(adjustment).toMatchObject({ madeOn: '2026-03-04', correctsDate: '2026-03-02', amountFen: 777 });
    expect((await supervisor.reconciliation.day({ date: '2026-03-04' })).adjustments.map((a) => a.id)).toEqual([
      adjustment.id,
    ]);
    expect((await supervisor.reconciliation.day({ date: '2026-03-02' })).adjustments).toEqual([]);
  });

  it('is read by QA and refused to agents; only supervisors and admins close', async () => {
    const { as } = ctx();
    expect((await as(fx.users.qa).reconciliation.day({ date: '2026-03-03' })).status).toBe('open');
    expect((await failureOf(as(fx.users.agent).reconciliation.day({ date: '2026-03-03' }))).code).toBe('FORBIDDEN');
    expect(
      (
        await failureOf(
          as(fx.users.qa).reconciliation.close({ date: '2026-03-03', note: 'x', idempotencyKey: newKey('c') }),
        )
      ).code,
    ).toBe('FORBIDDEN');
  });

  it('prepares yesterday at 00:30 Shanghai on exactly one of two nodes', async () => {
    expect(await prepareYesterdayIfDue(at('2026-03-04T00:20:00'), 'n1')).toBe(null);
    const both = await Promise.all([
      prepareYesterdayIfDue(at('2026-03-04T00:31:00'), 'n1'),
      prepareYesterdayIfDue(at('2026-03-04T00:31:00'), 'n2'),
    ]);
    expect(both.filter((d) => d !== null)).toEqual(['2026-03-03']);
    expect(await prepareYesterdayIfDue(at('2026-03-04T00:45:00'), 'n1')).toBe(null);
    const day = await ctx().as(fx.users.supervisor).reconciliation.day({ date: '2026-03-03' });
    expect(day.status).toBe('prepared');
    expect(day.preparedAt).toBe(at('2026-03-04T00:31:00').toISOString());
  });
});
