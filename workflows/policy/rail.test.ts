import { describe, expect, it } from 'vitest';
import { quoteRailChange, quoteRailRefund } from './rail';
import { findVersion, type RailRuleSetVersion } from './rulesets';
import type { ChangeQuoteInput, RefundQuoteInput } from './types';

const current = findVersion('cn-rail@2024-01-15') as RailRuleSetVersion;
const legacy = findVersion('cn-rail@before-2024-01-15') as RailRuleSetVersion;

const DEPARTURE = '2026-05-20T08:00:00+08:00';
const DEP_MS = Date.parse(DEPARTURE);
const HOUR = 60;

/** The instant `minutes` before departure (negative: after), written in +08:00. */
function beforeDeparture(minutes: number, departureMs = DEP_MS): string {
  return new Date(departureMs - minutes * 60_000 + 8 * 3_600_000).toISOString().slice(0, 19) + '+08:00';
}

function refund(overrides: Partial<RefundQuoteInput> & { minutesLeft?: number } = {}) {
  const { minutesLeft = 100 * HOUR, ...rest } = overrides;
  return quoteRailRefund(
    {
      ruleSet: 'cn-rail',
      fareFen: 55_300,
      purchasedAt: '2026-04-01T10:00:00+08:00',
      departureAt: DEPARTURE,
      requestedAt: beforeDeparture(minutesLeft),
      ...rest,
    },
    current,
  );
}

function change(overrides: Partial<ChangeQuoteInput> & { minutesLeft?: number } = {}, version = current) {
  const { minutesLeft = 100 * HOUR, ...rest } = overrides;
  return quoteRailChange(
    {
      ruleSet: 'cn-rail',
      fareFen: 55_300,
      newFareFen: 55_300,
      purchasedAt: '2026-04-01T10:00:00+08:00',
      departureAt: DEPARTURE,
      newDepartureAt: '2026-05-22T08:00:00+08:00',
      requestedAt: beforeDeparture(minutesLeft),
      ...rest,
    },
    version,
  );
}

describe('cn-rail worked examples (fare-rules.md)', () => {
  it('553.0 refunded 10 days ahead: fee 0, refund 553.0', () => {
    const q = refund({ requestedAt: '2026-05-10T08:00:00+08:00' });
    expect(q).toMatchObject({
      allowed: true,
      feeFen: 0,
      refundFen: 55_300,
      ruleId: 'cn-rail@2024-01-15/refund.tier-192h',
    });
  });

  it('553.0 refunded 5 days ahead: fee 27.5, refund 525.5', () => {
    const q = refund({ requestedAt: '2026-05-15T08:00:00+08:00' });
    expect(q).toMatchObject({
      allowed: true,
      feeFen: 2_750,
      refundFen: 52_550,
      ruleId: 'cn-rail@2024-01-15/refund.tier-48h',
    });
    expect(q.explanation['zh-CN']).toBe(
      '距开车 5天0小时（48小时以上、不足8天），按票价5%收取退票费 ¥27.65，按0.5元规则计为 ¥27.50，应退 ¥525.50',
    );
    expect(q.explanation.en).toBe(
      '5 days 0 h before departure (48 h to under 8 days): 5% refund fee ¥27.65, rounded to ¥27.50; refund ¥525.50',
    );
  });

  it('9.5 refunded 3 days ahead: fee 2.0 (the minimum), refund 7.5', () => {
    const q = refund({ fareFen: 950, requestedAt: '2026-05-17T08:00:00+08:00' });
    expect(q).toMatchObject({ feeFen: 200, refundFen: 750 });
    expect(q.explanation['zh-CN']).toContain('不足最低¥2.00按¥2.00收取');
    expect(q.explanation.en).toContain('below the ¥2.00 minimum');
  });

  it('553.0 changed to 553.0 on 05-22, asked 30 h before: change fee 27.5', () => {
    const q = change({ requestedAt: '2026-05-19T02:00:00+08:00', newDepartureAt: '2026-05-22T08:00:00+08:00' });
    expect(q).toMatchObject({
      allowed: true,
      changeFeeFen: 2_750,
      differenceFeeFen: 0,
      payFen: 2_750,
      ruleId: 'cn-rail@2024-01-15/change.later-date-tier-24h',
    });
  });
});

describe('cn-rail refund tiers and their boundaries', () => {
  it.each([
    // [minutes left, fee fen, tier]
    [30 * 24 * HOUR, 0, 'tier-192h'],
    [192 * HOUR, 0, 'tier-192h'], // exactly 8 days
    [192 * HOUR - 1, 2_750, 'tier-48h'],
    [48 * HOUR, 2_750, 'tier-48h'], // exactly 48 h: 5%
    [48 * HOUR - 1, 5_550, 'tier-24h'], // 10% of 553 = 55.30 → 55.5
    [24 * HOUR, 5_550, 'tier-24h'], // exactly 24 h
    [24 * HOUR - 1, 11_050, 'tier-0h'], // 20% = 110.60 → 110.5
    [1, 11_050, 'tier-0h'],
    [0, 11_050, 'tier-0h'], // at departure, not yet after it
  ])('%i minutes left → fee %i (%s)', (minutesLeft, feeFen, tier) => {
    const q = refund({ minutesLeft });
    expect(q.allowed).toBe(true);
    expect(q.feeFen).toBe(feeFen);
    expect(q.refundFen).toBe(55_300 - feeFen);
    expect(q.ruleId).toBe(`cn-rail@2024-01-15/refund.${tier}`);
  });

  it('measures to the minute: seconds on the request clock do not count', () => {
    expect(refund({ requestedAt: '2026-05-12T08:00:59+08:00' }).ruleId).toBe('cn-rail@2024-01-15/refund.tier-192h');
    expect(refund({ requestedAt: '2026-05-12T08:01:00+08:00' }).ruleId).toBe('cn-rail@2024-01-15/refund.tier-48h');
  });

  it('refuses a voluntary refund after departure, with nothing refunded', () => {
    const q = refund({ minutesLeft: -1 });
    expect(q).toMatchObject({
      allowed: false,
      feeFen: 55_300,
      refundFen: 0,
      ruleId: 'cn-rail@2024-01-15/refund.after-departure',
    });
    expect(q.explanation['zh-CN']).toContain('已开车');
    expect(q.explanation.en).toContain('after departure');
  });

  it('applies the 2-yuan minimum only when a fee is due', () => {
    expect(refund({ fareFen: 950, minutesLeft: 10 * HOUR }).feeFen).toBe(200); // 20% = 1.90 → 2.0 anyway
    expect(refund({ fareFen: 500, minutesLeft: 30 * HOUR }).feeFen).toBe(200); // 10% = 0.50
    expect(refund({ fareFen: 950, minutesLeft: 200 * HOUR }).feeFen).toBe(0);
  });

  it('never charges more than the fare', () => {
    expect(refund({ fareFen: 150, minutesLeft: 10 * HOUR })).toMatchObject({ feeFen: 150, refundFen: 0 });
    expect(refund({ fareFen: 0, minutesLeft: 10 * HOUR })).toMatchObject({ feeFen: 0, refundFen: 0 });
  });

  it('rounds each remainder band', () => {
    // 20% of fares chosen for remainders ¥0.20 (dropped), ¥0.40 (→ 0.5), ¥0.80 (→ 1)
    expect(refund({ fareFen: 5_100, minutesLeft: HOUR }).feeFen).toBe(1_000); // 10.20 → 10.0
    expect(refund({ fareFen: 5_200, minutesLeft: HOUR }).feeFen).toBe(1_050); // 10.40 → 10.5
    expect(refund({ fareFen: 5_400, minutesLeft: HOUR }).feeFen).toBe(1_100); // 10.80 → 11.0
    expect(refund({ fareFen: 5_125, minutesLeft: HOUR }).feeFen).toBe(1_050); // 10.25 → 10.5 (band edge)
    expect(refund({ fareFen: 5_375, minutesLeft: HOUR }).feeFen).toBe(1_100); // 10.75 → 11.0 (band edge)
  });
});

describe('cn-rail involuntary refund', () => {
  it('refunds in full at any time, even after departure', () => {
    for (const minutesLeft of [300 * HOUR, 30 * HOUR, HOUR, -5 * HOUR]) {
      const q = refund({ involuntary: true, minutesLeft });
      expect(q).toMatchObject({
        allowed: true,
        feeFen: 0,
        refundFen: 55_300,
        ruleId: 'cn-rail@2024-01-15/refund.involuntary',
      });
    }
  });
});

describe('cn-rail mistaken-purchase window', () => {
  const purchase = (minutesBeforeRequest: number, minutesLeft: number) => {
    const requestedAt = beforeDeparture(minutesLeft);
    return { purchasedAt: beforeDeparture(minutesLeft + minutesBeforeRequest), requestedAt };
  };

  it('is free within 30 minutes of purchase and 4 h or more before departure', () => {
    const q = refund(purchase(30, 4 * HOUR));
    expect(q).toMatchObject({ feeFen: 0, refundFen: 55_300, ruleId: 'cn-rail@2024-01-15/refund.mistaken-purchase' });
    expect(q.explanation['zh-CN']).toContain('误购');
    expect(refund(purchase(0, 10 * HOUR)).feeFen).toBe(0);
  });

  it('closes after 30 minutes', () => {
    expect(refund(purchase(31, 5 * HOUR))).toMatchObject({
      feeFen: 11_050,
      ruleId: 'cn-rail@2024-01-15/refund.tier-0h',
    });
  });

  it('does not apply under 4 h before departure', () => {
    expect(refund(purchase(10, 4 * HOUR - 1))).toMatchObject({
      feeFen: 11_050,
      ruleId: 'cn-rail@2024-01-15/refund.tier-0h',
    });
  });

  it('is once per passenger per day', () => {
    const q = refund({ ...purchase(10, 5 * HOUR), mistakenPurchaseUsedToday: true });
    expect(q).toMatchObject({ feeFen: 11_050, ruleId: 'cn-rail@2024-01-15/refund.tier-0h' });
    expect(q.explanation['zh-CN']).toContain('今日已使用');
  });

  it('is not for changed tickets', () => {
    const q = refund({ ...purchase(10, 5 * HOUR), changed: true });
    expect(q).toMatchObject({ feeFen: 11_050, ruleId: 'cn-rail@2024-01-15/refund.tier-0h' });
    expect(q.explanation.en).toContain('does not apply to a changed ticket');
  });
});

describe('cn-rail changed tickets', () => {
  it('pays 5% when changed from under 8 days to 8 or more and refunded 8 or more days ahead', () => {
    const q = refund({
      changed: true,
      minutesLeft: 192 * HOUR,
      changedAt: '2026-04-20T08:00:00+08:00',
      originalDepartureAt: '2026-04-25T08:00:00+08:00', // 5 days away when changed
    });
    expect(q).toMatchObject({
      feeFen: 2_750,
      refundFen: 52_550,
      ruleId: 'cn-rail@2024-01-15/refund.changed-from-under-8d',
    });
  });

  it('pays nothing when the change was itself made 8 or more days out', () => {
    const q = refund({
      changed: true,
      minutesLeft: 200 * HOUR,
      changedAt: '2026-04-01T08:00:00+08:00',
      originalDepartureAt: '2026-04-09T08:00:00+08:00', // exactly 8 days away
    });
    expect(q).toMatchObject({ feeFen: 0, ruleId: 'cn-rail@2024-01-15/refund.tier-192h' });
  });

  it('says so when the change facts are missing', () => {
    const q = refund({ changed: true, minutesLeft: 200 * HOUR });
    expect(q).toMatchObject({ feeFen: 0, ruleId: 'cn-rail@2024-01-15/refund.tier-192h' });
    expect(q.explanation.en).toContain('not given');
  });

  it('follows the normal tiers under 8 days', () => {
    const q = refund({
      changed: true,
      minutesLeft: 30 * HOUR,
      changedAt: '2026-05-15T08:00:00+08:00',
      originalDepartureAt: '2026-05-16T08:00:00+08:00',
    });
    expect(q).toMatchObject({ feeFen: 5_550, ruleId: 'cn-rail@2024-01-15/refund.tier-24h' });
  });

  it('pays 20% when the new date is in the Spring Festival rush, however early', () => {
    const inRush = (departureAt: string) =>
      quoteRailRefund(
        {
          ruleSet: 'cn-rail',
          fareFen: 55_300,
          purchasedAt: '2026-01-01T08:00:00+08:00',
          departureAt,
          requestedAt: '2026-01-02T08:00:00+08:00',
          changed: true,
        },
        current,
      );
    for (const day of ['2026-02-02T06:00:00+08:00', '2026-02-20T08:00:00+08:00', '2026-03-13T23:30:00+08:00']) {
      expect(inRush(day)).toMatchObject({
        feeFen: 11_050,
        refundFen: 44_250,
        ruleId: 'cn-rail@2024-01-15/refund.changed-spring-festival',
      });
    }
    // the day before and after the rush: normal tiers (more than 8 days ahead → 0)
    expect(inRush('2026-02-01T23:00:00+08:00').feeFen).toBe(0);
    expect(inRush('2026-03-14T00:30:00+08:00').feeFen).toBe(0);
  });

  it('does not apply the rush rule to unchanged tickets', () => {
    const q = quoteRailRefund(
      {
        ruleSet: 'cn-rail',
        fareFen: 55_300,
        purchasedAt: '2026-01-01T08:00:00+08:00',
        departureAt: '2026-02-20T08:00:00+08:00',
        requestedAt: '2026-01-02T08:00:00+08:00',
      },
      current,
    );
    expect(q.feeFen).toBe(0);
  });

  // Second edition: 2027's rush dates are not yet published (the first edition guessed 2027-01-22 to 03-02).
  it('says 2027 rush dates are not yet published rather than guessing', () => {
    const q = quoteRailRefund(
      {
        ruleSet: 'cn-rail',
        fareFen: 10_000,
        purchasedAt: '2026-12-01T08:00:00+08:00',
        departureAt: '2027-01-22T08:00:00+08:00',
        requestedAt: '2026-12-02T08:00:00+08:00',
        changed: true,
      },
      current,
    );
    expect(q).toMatchObject({ feeFen: 0, ruleId: 'cn-rail@2024-01-15/refund.tier-192h' });
    expect(q.needsReview?.reason.en).toContain('the 2027 Spring Festival rush dates are not yet published');
    expect(q.explanation['zh-CN']).toContain('2027年春运日期尚未公布');
  });
});

describe('cn-rail change table', () => {
  it('48 h or more: any train, free', () => {
    expect(change({ minutesLeft: 48 * HOUR, newDepartureAt: '2026-06-10T08:00:00+08:00' })).toMatchObject({
      allowed: true,
      changeFeeFen: 0,
      payFen: 0,
      ruleId: 'cn-rail@2024-01-15/change.48h-or-more',
    });
  });

  it('under 48 h to a train on or before the ticket date: free', () => {
    for (const newDepartureAt of ['2026-05-20T23:59:00+08:00', '2026-05-20T06:00:00+08:00']) {
      expect(change({ minutesLeft: 3 * HOUR, newDepartureAt })).toMatchObject({
        changeFeeFen: 0,
        ruleId: 'cn-rail@2024-01-15/change.on-or-before-ticket-date',
      });
    }
    expect(change({ minutesLeft: 48 * HOUR - 1, newDepartureAt: '2026-05-19T09:00:00+08:00' }).changeFeeFen).toBe(0);
  });

  it('24 h to under 48 h to a later date: 5% of the lower fare', () => {
    expect(change({ minutesLeft: 48 * HOUR - 1 })).toMatchObject({
      changeFeeFen: 2_750,
      ruleId: 'cn-rail@2024-01-15/change.later-date-tier-24h',
    });
    expect(change({ minutesLeft: 24 * HOUR })).toMatchObject({
      changeFeeFen: 2_750,
      ruleId: 'cn-rail@2024-01-15/change.later-date-tier-24h',
    });
  });

  it('under 24 h to a later date: 15% of the lower fare', () => {
    // 15% of 553 = 82.95 → 83.0
    expect(change({ minutesLeft: 24 * HOUR - 1 })).toMatchObject({
      changeFeeFen: 8_300,
      ruleId: 'cn-rail@2024-01-15/change.later-date-tier-0h',
    });
    expect(change({ minutesLeft: 0 })).toMatchObject({ changeFeeFen: 8_300 });
    // the lower fare is the new one: 15% of 300 = 45
    expect(change({ minutesLeft: HOUR, newFareFen: 30_000 }).changeFeeFen).toBe(4_500);
  });

  it('after departure, before 24:00 that day, to a train the same day: free', () => {
    const q = change({ minutesLeft: -2 * HOUR, newDepartureAt: '2026-05-20T18:00:00+08:00' });
    expect(q).toMatchObject({
      allowed: true,
      changeFeeFen: 0,
      ruleId: 'cn-rail@2024-01-15/change.after-departure-same-day',
    });
  });

  it('after departure, before 24:00 that day, to a later day: 40% of the lower fare', () => {
    // requested 23:59 on the departure day; 40% of 553 = 221.20 → 221.0
    const q = change({ requestedAt: '2026-05-20T23:59:00+08:00', newDepartureAt: '2026-05-21T08:00:00+08:00' });
    expect(q).toMatchObject({
      allowed: true,
      changeFeeFen: 22_100,
      payFen: 22_100,
      ruleId: 'cn-rail@2024-01-15/change.after-departure-later-day',
    });
  });

  it('after 24:00 of the departure day: not allowed', () => {
    const q = change({ requestedAt: '2026-05-21T00:00:00+08:00', newDepartureAt: '2026-05-21T08:00:00+08:00' });
    expect(q).toMatchObject({
      allowed: false,
      changeFeeFen: 0,
      differenceFeeFen: 0,
      payFen: 0,
      ruleId: 'cn-rail@2024-01-15/change.after-departure-day-ended',
    });
    expect(q.explanation['zh-CN']).toContain('24时后不能改签');
  });

  it('takes the calendar day in Asia/Shanghai, whatever offset the times are written in', () => {
    // 2026-05-20T15:59Z is 23:59 in Shanghai: still the departure day
    const q = change({ requestedAt: '2026-05-20T15:59:00Z', newDepartureAt: '2026-05-21T00:30:00Z' });
    expect(q.ruleId).toBe('cn-rail@2024-01-15/change.after-departure-later-day');
  });

  it('is free and settles the difference at face value when the railway is at fault', () => {
    expect(change({ involuntary: true, minutesLeft: HOUR, newFareFen: 60_000 })).toMatchObject({
      changeFeeFen: 0,
      differenceFeeFen: 0,
      payFen: 4_700,
      ruleId: 'cn-rail@2024-01-15/change.involuntary',
    });
    expect(change({ involuntary: true, minutesLeft: HOUR, newFareFen: 50_000 }).payFen).toBe(-5_300);
  });
});

describe('cn-rail fare difference on change', () => {
  it('a higher new fare: the passenger pays the difference', () => {
    const q = change({ minutesLeft: 100 * HOUR, newFareFen: 60_000 });
    expect(q).toMatchObject({ changeFeeFen: 0, differenceFeeFen: 0, payFen: 4_700 });
    expect(q.explanation['zh-CN']).toContain('补收差价 ¥47.00');
  });

  it('a lower new fare: the difference back less the refund-scale fee for the time left', () => {
    // 100 h left → 5% of the ¥53 difference = 2.65 → 2.5; the change itself is free (≥ 48 h)
    const q = change({ minutesLeft: 100 * HOUR, newFareFen: 50_000 });
    expect(q).toMatchObject({ changeFeeFen: 0, differenceFeeFen: 250, payFen: -5_050 });
  });

  it('a lower new fare 8 days or more ahead: the difference back in full', () => {
    expect(change({ minutesLeft: 200 * HOUR, newFareFen: 50_000 })).toMatchObject({
      differenceFeeFen: 0,
      payFen: -5_300,
    });
  });

  it('a lower new fare after departure: the under-24 h rate', () => {
    // 20% of ¥253 = 50.60 → 50.5; the same-day change is free
    const q = change({ minutesLeft: -HOUR, newFareFen: 30_000, newDepartureAt: '2026-05-20T20:00:00+08:00' });
    expect(q).toMatchObject({ changeFeeFen: 0, differenceFeeFen: 5_050, payFen: -20_250 });
  });

  it('a change fee and a difference fee together', () => {
    // under 24 h to a later date: 15% of the lower (new) fare 300 = 45; 20% of 253 = 50.5
    const q = change({ minutesLeft: 22 * HOUR, newFareFen: 30_000 });
    expect(q).toMatchObject({ changeFeeFen: 4_500, differenceFeeFen: 5_050, payFen: 4_500 - 25_300 + 5_050 });
    expect(q.explanation['zh-CN']).toContain('合计应退 ¥157.50');
  });

  it('applies the 2-yuan minimum to the difference fee, never beyond the difference', () => {
    // 100 h left, difference ¥10: 5% = 0.50 → minimum 2.0
    expect(change({ minutesLeft: 100 * HOUR, newFareFen: 54_300 })).toMatchObject({
      differenceFeeFen: 200,
      payFen: -800,
    });
    // difference ¥1: the fee stops at the difference
    expect(change({ minutesLeft: 100 * HOUR, newFareFen: 55_200 })).toMatchObject({ differenceFeeFen: 100, payFen: 0 });
  });

  it('charges no 2-yuan minimum on a change fee', () => {
    // 5% of ¥9.5 = 0.475 → 0.5
    expect(change({ minutesLeft: 30 * HOUR, fareFen: 950, newFareFen: 950 }).changeFeeFen).toBe(50);
  });
});

describe('cn-rail before 2024-01-15 (legacy version)', () => {
  it('refuses a change under 48 h to a later date', () => {
    const q = change({ minutesLeft: 30 * HOUR }, legacy);
    expect(q).toMatchObject({ allowed: false, ruleId: 'cn-rail@before-2024-01-15/change.later-date-not-allowed' });
  });

  it('refuses a change after departure to a later day, allows the same day free', () => {
    expect(
      change({ requestedAt: '2026-05-20T12:00:00+08:00', newDepartureAt: '2026-05-21T08:00:00+08:00' }, legacy).allowed,
    ).toBe(false);
    expect(
      change({ requestedAt: '2026-05-20T12:00:00+08:00', newDepartureAt: '2026-05-20T20:00:00+08:00' }, legacy),
    ).toMatchObject({
      allowed: true,
      changeFeeFen: 0,
    });
  });
});
