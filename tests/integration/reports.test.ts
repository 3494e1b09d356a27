/**
 * reports.summary against a small fixture whose answers were worked out by hand (the working is
 * in the comments), through createCaller against MongoDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestDatabase } from '../support/deps';
import { engineTestContext, failureOf } from '../support/engine-steps';
import { createPlatformFixtures, type PlatformFixtures } from '../support/platform';
import { A1, A2, H1, insertReportFixture } from '../support/report-fixture';

let cleanup: () => Promise<void>;
let fx: PlatformFixtures;

beforeAll(async () => {
  cleanup = await connectTestDatabase('reports');
  fx = await createPlatformFixtures();
  await insertReportFixture();
});
afterAll(async () => cleanup());

const range = { from: '2026-03-02', to: '2026-03-03' };
const supervisor = () => engineTestContext('2026-03-04T12:00:00+08:00').as(fx.users.supervisor);

describe('reports.summary over the hand-worked fixture', () => {
  it('gives every figure for the range', async () => {
    const r = await supervisor().reports.summary(range);
    // 4 queued in the range (the one at 23:59 the evening before is not); answered after 15 s, 40 s
    // and 10 s; the sales target is 20 s and the refunds target 30 s, so 2 within target.
    // ASA = 65 s / 3 = 21,667 ms. Handled (wrap-up ended): 2; talk 240 s + 600 s, hold 60 s,
    // wrap-up 60 s + 60 s: AHT = 1,020 s / 2 = 510 s.
    expect(r.contacts).toEqual({
      offered: 4,
      answered: 3,
      abandoned: 1,
      serviceLevel: 0.5,
      asaMs: 21_667,
      ahtMs: 510_000,
      talkMs: 420_000,
      holdMs: 30_000,
      wrapUpMs: 60_000,
    });
    // Created: R1, R2 (refund), CH1 (change), CP1 (complaint); X is after, OLD before the range.
    // Closed: R1, CH1, CP1 and OLD. Time worked: R1 0+10+10 min; CH1 a 120 min gap counted as 30;
    // CP1 0 + 60→30 + 30 min; OLD three days → 30 min: 140 min / 4 = 35 min. Time open: 20 min,
    // 2 h, 90 min and 72 h: 4,550 min / 4 = 1,137.5 min. With a booking: R1, R2, CH1; R1 is
    // followed by R2 the next day, R2 by X only after 8 days: 2 of 3 resolved on first contact.
    expect(r.cases).toEqual({
      created: { booking: 0, change: 1, refund: 2, complaint: 1 },
      createdTotal: 4,
      closed: { booking: 1, change: 1, refund: 1, complaint: 1 },
      closedTotal: 4,
      timeWorkedMs: 2_100_000,
      timeOpenMs: 68_250_000,
      firstContactResolution: 2 / 3,
    });
    expect(r.refunds).toEqual({ count: 1, amountFen: 9000, feesFen: 1000 });
    expect(r.changes).toEqual({ count: 1, feesFen: 500, differenceFen: 2000, differenceRefundedFen: 0 });
    expect(r.complaints).toEqual({
      byOutcome: { apology: 0, voucher: 1, points: 0, refund: 0, none: 0 },
      compensationFen: 5000,
    });
    expect(r.breaches).toEqual({ FIRST_RESPONSE_DUE: 1, RESOLUTION_DUE: 0, DEADLINE_BREACHED: 1 });
    // A1: available 00:00-10:00 and 11:00-12:00 (11 h), on contact 10:00-10:40 (40 min, wrap-up
    // included); A2: available 30 min, on contact 09:30 to the range's end at midnight (14.5 h).
    // 910 min / (910 + 690) min = 0.56875.
    expect(r.occupancy).toBe(0.56875);
    // Chats rated 5 and 3, the complaint case 4.
    expect(r.csat).toEqual({ count: 3, average: 4 });
    expect(r.comments.map((c) => [c.source, c.ref, c.score, c.comment])).toEqual([
      ['case', 'CP1', 4, '处理及时'],
      ['chat', null, 5, '很好'],
    ]);
  });

  it('splits the figures per day and per agent', async () => {
    const byDay = await supervisor().reports.summary({ ...range, groupBy: 'day' });
    expect(
      byDay.groups.map((g) => [g.key, g.figures.cases.createdTotal, g.figures.contacts.offered, g.figures.occupancy]),
    ).toEqual([
      // 2 March: A1 on contact 40 min of 700; 3 March: A2 870 of 900 min.
      ['2026-03-02', 2, 2, 40 / 700],
      ['2026-03-03', 2, 2, 870 / 900],
    ]);
    const byAgent = await supervisor().reports.summary({ ...range, groupBy: 'agent' });
    const agent = (id: string) => byAgent.groups.find((g) => g.key === id)?.figures;
    expect(agent(A1.id)).toMatchObject({ refunds: { count: 1, amountFen: 9000 }, contacts: { answered: 2 } });
    expect(agent(A2.id)).toMatchObject({ changes: { count: 1 }, contacts: { answered: 1, ahtMs: 660_000 } });
    expect(agent(H1.id)?.csat).toEqual({ count: 1, average: 4 });
    expect(byAgent.groups.find((g) => g.key === A1.id)?.label).toBe(A1.name);
  });

  it('is for supervisors, admins and QA', async () => {
    const ctx = engineTestContext('2026-03-04T12:00:00+08:00');
    expect((await failureOf(ctx.as(fx.users.agent).reports.summary(range))).code).toBe('FORBIDDEN');
    expect((await ctx.as(fx.users.qa).reports.summary(range)).contacts.offered).toBe(4);
    expect(
      (await failureOf(ctx.as(fx.users.admin).reports.summary({ from: '2026-03-05', to: '2026-03-01' }))).code,
    ).toBe('BAD_REQUEST');
  });
});
