/**
 * cn-rail under the second edition of fare-rules.md ("Settled from the published sources"),
 * version cn-rail@2026-12-01. The mistaken-purchase examples are tested with that rule's version.
 */
import { describe, expect, it } from 'vitest';
import { quoteRailChange, quoteRailRefund } from './rail';
import { quoteRefund } from './index';
import { findVersion, type RailRuleSetVersion } from './rulesets';
import type { ChangeQuoteInput, RefundQuoteInput } from './types';

const edition2 = findVersion('cn-rail@2026-12-01') as RailRuleSetVersion;
const edition1 = findVersion('cn-rail@2024-01-15') as RailRuleSetVersion;

const DEPARTURE = '2026-05-20T08:00:00+08:00';
const DEP_MS = Date.parse(DEPARTURE);
const HOUR = 60;

function beforeDeparture(minutes: number): string {
  return new Date(DEP_MS - minutes * 60_000 + 8 * 3_600_000).toISOString().slice(0, 19) + '+08:00';
}

function change(overrides: Partial<ChangeQuoteInput> & { minutesLeft?: number } = {}, version = edition2) {
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

function refund(overrides: Partial<RefundQuoteInput> & { minutesLeft?: number } = {}, version = edition2) {
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
    version,
  );
}

describe('second-edition worked examples (departure 2026-05-20 08:00+08:00)', () => {
  it('55300 changed 2026-05-15 08:00 to 35450 on 05-18: change fee 0; difference 19850, fee 5% = 992.5 -> 1000; refund 18850', () => {
    const q = change({
      requestedAt: '2026-05-15T08:00:00+08:00',
      newFareFen: 35_450,
      newDepartureAt: '2026-05-18T08:00:00+08:00',
    });
    expect(q).toMatchObject({
      allowed: true,
      changeFeeFen: 0,
      differenceFeeFen: 1_000,
      payFen: -18_850,
      ruleId: 'cn-rail@2026-12-01/change.48h-or-more',
    });
    expect(q.needsReview).toBeUndefined();
    expect(q.explanation['zh-CN']).toContain(
      '按差额 ¥198.50的5%收取差额退票费 ¥9.925，按0.5元规则计为 ¥10.00，退还 ¥188.50',
    );
    expect(q.explanation.en).toContain(
      'difference fee 5% of the difference ¥198.50: ¥9.925, rounded to ¥10.00; refund ¥188.50',
    );
  });

  it('950 at 30 h changed to 950 on 05-22: change fee 5% = 47.5 -> 50, no 2-yuan minimum', () => {
    const q = change({
      fareFen: 950,
      newFareFen: 950,
      requestedAt: '2026-05-19T02:00:00+08:00',
      newDepartureAt: '2026-05-22T08:00:00+08:00',
    });
    expect(q).toMatchObject({
      allowed: true,
      changeFeeFen: 50,
      differenceFeeFen: 0,
      payFen: 50,
      ruleId: 'cn-rail@2026-12-01/change.later-date-tier-24h',
    });
    expect(q.explanation.en).not.toContain('minimum');
  });

  it('55300 at 09:00 after departure changed to 55300 on 05-21: change fee 40% = 22120 -> 22100', () => {
    const q = change({ requestedAt: '2026-05-20T09:00:00+08:00', newDepartureAt: '2026-05-21T08:00:00+08:00' });
    expect(q).toMatchObject({
      allowed: true,
      changeFeeFen: 22_100,
      payFen: 22_100,
      ruleId: 'cn-rail@2026-12-01/change.after-departure-later-day',
    });
  });

  it('55300 for 2026-02-06, changed 01-27 to 02-10, refunded 2026-02-01 (9 days): fee 20% = 11050 (Spring Festival), refund 44250', () => {
    const input: RefundQuoteInput = {
      ruleSet: 'cn-rail',
      fareFen: 55_300,
      purchasedAt: '2026-01-10T10:00:00+08:00',
      departureAt: '2026-02-10T08:00:00+08:00',
      requestedAt: '2026-02-01T08:00:00+08:00',
      changed: true,
      changedAt: '2026-01-27T10:00:00+08:00',
      originalDepartureAt: '2026-02-06T08:00:00+08:00',
    };
    expect(quoteRailRefund(input, edition2)).toMatchObject({
      feeFen: 11_050,
      refundFen: 44_250,
      ruleId: 'cn-rail@2026-12-01/refund.changed-spring-festival',
    });
    // Through the public API the ticket (bought 2026-01-10) is quoted under the version in force then.
    expect(quoteRefund(input)).toMatchObject({
      feeFen: 11_050,
      refundFen: 44_250,
      ruleId: 'cn-rail@2024-01-15/refund.changed-spring-festival',
    });
  });
});

describe('change fees: 0.5-yuan rounding, no minimum, can round to 0', () => {
  it('5% of 4.0 yuan = 0.20 is dropped: the change is free', () => {
    expect(change({ fareFen: 400, newFareFen: 400, minutesLeft: 30 * HOUR })).toMatchObject({
      allowed: true,
      changeFeeFen: 0,
      payFen: 0,
    });
  });

  it.each([
    // [minutes left, fee, rule]
    [48 * HOUR, 0, 'change.48h-or-more'], // exactly 48 h is "48 h or more"
    [48 * HOUR - 1, 2_750, 'change.later-date-tier-24h'],
    [24 * HOUR, 2_750, 'change.later-date-tier-24h'], // exactly 24 h is "24 h or more"
    [24 * HOUR - 1, 8_300, 'change.later-date-tier-0h'],
  ])('%i minutes left, to a later date → change fee %i (%s)', (minutesLeft, changeFeeFen, rule) => {
    expect(change({ minutesLeft })).toMatchObject({ changeFeeFen, ruleId: `cn-rail@2026-12-01/${rule}` });
  });
});

describe('change of arrival station (变更到站)', () => {
  it('is allowed, free, at exactly 48 h before departure', () => {
    const q = change({
      arrivalStationChange: true,
      minutesLeft: 48 * HOUR,
      newFareFen: 44_350,
      newDepartureAt: DEPARTURE,
    });
    // lower fare 48 h ahead: 5% of the ¥109.50 difference = 5.475 → 5.5
    expect(q).toMatchObject({
      allowed: true,
      changeFeeFen: 0,
      differenceFeeFen: 550,
      payFen: -10_400,
      ruleId: 'cn-rail@2026-12-01/change.arrival-station-48h-or-more',
    });
    expect(q.explanation['zh-CN']).toContain('变更到站');
  });

  it('is refused under 48 h, even to a train the same day', () => {
    const q = change({ arrivalStationChange: true, minutesLeft: 48 * HOUR - 1, newDepartureAt: DEPARTURE });
    expect(q).toMatchObject({
      allowed: false,
      changeFeeFen: 0,
      differenceFeeFen: 0,
      payFen: 0,
      ruleId: 'cn-rail@2026-12-01/change.arrival-station-under-48h',
    });
    expect(q.explanation.en).toContain('only 48 h or more before departure');
    expect(q.explanation['zh-CN']).toContain('变更到站须在开车前48小时以上办理');
  });

  it('is priced like any change under the first edition', () => {
    expect(change({ arrivalStationChange: true, minutesLeft: 30 * HOUR }, edition1)).toMatchObject({
      allowed: true,
      ruleId: 'cn-rail@2024-01-15/change.later-date-tier-24h',
    });
  });
});

describe('no change after 24:00 of the travel date (Asia/Shanghai)', () => {
  it('23:59 on the travel date is still allowed; 00:00 the next day is not', () => {
    expect(
      change({ requestedAt: '2026-05-20T23:59:00+08:00', newDepartureAt: '2026-05-21T08:00:00+08:00' }),
    ).toMatchObject({ allowed: true, changeFeeFen: 22_100 });
    const q = change({ requestedAt: '2026-05-21T00:00:00+08:00', newDepartureAt: '2026-05-21T08:00:00+08:00' });
    expect(q).toMatchObject({ allowed: false, ruleId: 'cn-rail@2026-12-01/change.after-departure-day-ended' });
    // 2026-05-20T16:00Z is 00:00 on the 21st in Shanghai
    expect(change({ requestedAt: '2026-05-20T16:00:00Z', newDepartureAt: '2026-05-21T08:00:00+08:00' }).allowed).toBe(
      false,
    );
  });
});

describe('the fee on a lower fare difference', () => {
  it.each([
    // [minutes left before the ORIGINAL departure, fee on a ¥253 difference]
    [192 * HOUR, 0], // 8 days or more: 0
    [192 * HOUR - 1, 1_250], // 5% = 12.65 → 12.5
    [48 * HOUR, 1_250], // exactly 48 h
    [48 * HOUR - 1, 2_550], // 10% = 25.30 → 25.5
    [24 * HOUR, 2_550], // exactly 24 h
    [24 * HOUR - 1, 5_050], // 20% = 50.60 → 50.5
  ])('%i minutes before the original departure → %i', (minutesLeft, differenceFeeFen) => {
    // the new train is far away (2026-06-10): the time left is measured to the original departure
    expect(
      change({ minutesLeft, newFareFen: 30_000, newDepartureAt: '2026-06-10T08:00:00+08:00' }).differenceFeeFen,
    ).toBe(differenceFeeFen);
  });

  it('a change made after departure pays 20% on the difference', () => {
    const q = change({
      requestedAt: '2026-05-20T09:00:00+08:00',
      newFareFen: 30_000,
      newDepartureAt: '2026-05-20T20:00:00+08:00',
    });
    expect(q).toMatchObject({ allowed: true, changeFeeFen: 0, differenceFeeFen: 5_050, payFen: -20_250 });
    expect(q.explanation.en).toContain('changed after departure');
  });

  it('flags a difference fee above 0 and under 200 fen for a person, and charges what was computed', () => {
    // 100 h left, difference ¥10: 5% = 0.50
    const q = change({ minutesLeft: 100 * HOUR, newFareFen: 54_300 });
    expect(q).toMatchObject({ allowed: true, differenceFeeFen: 50, payFen: -950 });
    expect(q.needsReview?.reason.en).toBe(
      'the difference fee ¥0.50 is under ¥2.00; whether the minimum refund fee covers it is open, so a person must confirm',
    );
    expect(q.needsReview?.reason['zh-CN']).toBe('差额退票费 ¥0.50 不足¥2.00，是否适用最低退票费未有定论，需人工确认');
    // the first edition applied the ¥2 minimum instead
    expect(change({ minutesLeft: 100 * HOUR, newFareFen: 54_300 }, edition1)).toMatchObject({
      differenceFeeFen: 200,
      payFen: -800,
    });
    expect(change({ minutesLeft: 100 * HOUR, newFareFen: 54_300 }, edition1).needsReview).toBeUndefined();
  });

  it('does not flag a fee of 0 or of 200 fen', () => {
    // difference ¥4: 5% = 0.20 → 0
    expect(change({ minutesLeft: 100 * HOUR, newFareFen: 54_900 })).toMatchObject({
      differenceFeeFen: 0,
      payFen: -400,
    });
    expect(change({ minutesLeft: 100 * HOUR, newFareFen: 54_900 }).needsReview).toBeUndefined();
    // difference ¥40: 5% = 2.00
    expect(change({ minutesLeft: 100 * HOUR, newFareFen: 51_300 })).toMatchObject({ differenceFeeFen: 200 });
    expect(change({ minutesLeft: 100 * HOUR, newFareFen: 51_300 }).needsReview).toBeUndefined();
  });
});

describe('refunds close online at the scheduled departure', () => {
  it('1 minute before departure is still an online refund', () => {
    const q = refund({ minutesLeft: 1 });
    expect(q).toMatchObject({ allowed: true, feeFen: 11_050, ruleId: 'cn-rail@2026-12-01/refund.tier-0h' });
    expect(q.manualStep).toBeUndefined();
  });

  it.each([0, -1, -120])(
    '%i minutes left: quoted as needing the station approval, at the under-24 h rate',
    (minutesLeft) => {
      const q = refund({ minutesLeft });
      expect(q).toMatchObject({
        allowed: true,
        feeFen: 11_050,
        refundFen: 44_250,
        ruleId: 'cn-rail@2026-12-01/refund.after-departure-station-approval',
      });
      expect(q.manualStep?.kind).toBe('station-approval');
      expect(q.manualStep?.reason.en).toContain('with its approval');
      expect(q.explanation['zh-CN']).toContain('经车站同意后方可退票');
    },
  );

  it('the first edition refused after departure', () => {
    expect(refund({ minutesLeft: -1 }, edition1)).toMatchObject({
      allowed: false,
      ruleId: 'cn-rail@2024-01-15/refund.after-departure',
    });
  });

  it('a ticket changed after its original departure is refused, however far its new train is', () => {
    const q = refund({
      changed: true,
      minutesLeft: 72 * HOUR,
      changedAt: '2026-05-10T09:00:00+08:00',
      originalDepartureAt: '2026-05-10T08:00:00+08:00',
    });
    expect(q).toMatchObject({
      allowed: false,
      feeFen: 55_300,
      refundFen: 0,
      ruleId: 'cn-rail@2026-12-01/refund.changed-after-departure',
    });
    expect(q.explanation.en).toContain('changed after its original train left');
    // changed before the original departure: the normal tiers (72 h → 5%)
    expect(
      refund({
        changed: true,
        minutesLeft: 72 * HOUR,
        changedAt: '2026-05-10T07:59:00+08:00',
        originalDepartureAt: '2026-05-10T08:00:00+08:00',
      }),
    ).toMatchObject({ allowed: true, feeFen: 2_750, ruleId: 'cn-rail@2026-12-01/refund.tier-48h' });
  });
});

describe('Spring Festival rush as data per year', () => {
  const changedTo = (departureAt: string, extra: Partial<RefundQuoteInput> = {}) =>
    quoteRailRefund(
      {
        ruleSet: 'cn-rail',
        fareFen: 10_000,
        purchasedAt: '2026-12-01T08:00:00+08:00',
        departureAt,
        requestedAt: '2026-12-02T08:00:00+08:00',
        changed: true,
        ...extra,
      },
      edition2,
    );

  it('a changed ticket travelling in a year without published dates is quoted with a clear note, for a person', () => {
    const q = changedTo('2027-02-10T08:00:00+08:00');
    expect(q).toMatchObject({ allowed: true, feeFen: 0, ruleId: 'cn-rail@2026-12-01/refund.tier-192h' });
    expect(q.needsReview?.reason['zh-CN']).toBe(
      '2027年春运日期尚未公布：若改签后的乘车日期 2027-02-10 在春运期间，应按票价20%收取退票费，请人工核实',
    );
    expect(q.explanation.en).toContain('the 2027 Spring Festival rush dates are not yet published');
  });

  it('uses a year an admin entered: 20% whenever refunded', () => {
    const q = changedTo('2027-02-10T08:00:00+08:00', {
      springFestivalRush: [{ year: 2027, from: '2027-01-22', to: '2027-03-02' }],
    });
    expect(q).toMatchObject({
      feeFen: 2_000,
      refundFen: 8_000,
      ruleId: 'cn-rail@2026-12-01/refund.changed-spring-festival',
    });
    expect(q.needsReview).toBeUndefined();
  });

  it('an unchanged ticket, or a date outside January to March, needs no rush dates', () => {
    expect(changedTo('2027-02-10T08:00:00+08:00', { changed: false }).needsReview).toBeUndefined();
    expect(changedTo('2027-05-10T08:00:00+08:00').needsReview).toBeUndefined();
  });
});
