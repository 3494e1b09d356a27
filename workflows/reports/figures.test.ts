import { describe, expect, it } from 'vitest';
import { addSums, deriveFigures, emptySums } from './figures';
import { serviceLevelTargetMs } from './definitions';

describe('report figures', () => {
  it('derives ratios and averages from sums worked out by hand', () => {
    const s = emptySums();
    // 4 offered, 3 answered (waits 10 s, 20 s, 45 s: two within a 30 s target), 1 abandoned.
    Object.assign(s.contacts, {
      offered: 4,
      answered: 3,
      abandoned: 1,
      answeredWithinTarget: 2,
      answerWaitMs: 75_000,
      handled: 2,
      talkMs: 600_000,
      holdMs: 60_000,
      wrapUpMs: 120_000,
    });
    s.cases.closed.refund = 2;
    s.cases.workedMs = 1_800_000;
    s.cases.openMs = 7_200_000;
    s.cases.withBooking = 4;
    s.cases.resolvedFirstContact = 3;
    s.occupancy = { onContactMs: 3_600_000, availableMs: 1_200_000 };
    s.csat = { count: 3, sum: 13 };
    const f = deriveFigures(s);
    expect(f.contacts).toMatchObject({ serviceLevel: 0.5, asaMs: 25_000, ahtMs: 390_000, talkMs: 300_000 });
    expect(f.cases).toMatchObject({
      closedTotal: 2,
      timeWorkedMs: 900_000,
      timeOpenMs: 3_600_000,
      firstContactResolution: 0.75,
    });
    expect(f.occupancy).toBe(0.75);
    expect(f.csat).toEqual({ count: 3, average: 4.33 });
  });

  it('gives null, not zero or NaN, when there is nothing to divide by', () => {
    const f = deriveFigures(emptySums());
    expect([f.contacts.serviceLevel, f.contacts.asaMs, f.cases.timeOpenMs, f.occupancy, f.csat.average]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('adds the sums of two ranges so a long range fetched in parts gives the same figures', () => {
    const a = emptySums();
    a.refunds = { count: 1, amountFen: 9000, feesFen: 1000 };
    a.cases.created.refund = 1;
    const b = emptySums();
    b.refunds = { count: 2, amountFen: 5000, feesFen: 500 };
    b.breaches.RESOLUTION_DUE = 1;
    const both = addSums(a, b);
    expect(both.refunds).toEqual({ count: 3, amountFen: 14000, feesFen: 1500 });
    expect(both.cases.created).toEqual({ booking: 0, change: 0, refund: 1, complaint: 0 });
    expect(deriveFigures(both).breachesTotal).toBe(1);
  });

  it("takes each queue's service-level target, and 20 s for a queue it does not know", () => {
    expect([serviceLevelTargetMs('refunds'), serviceLevelTargetMs('sales'), serviceLevelTargetMs('other')]).toEqual([
      30_000, 20_000, 20_000,
    ]);
  });
});
