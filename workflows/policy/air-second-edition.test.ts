/**
 * cn-air, second edition of fare-rules.md ("More on cn-air"): fees on the fare only, taxes always
 * refunded, a fee never above the fare, involuntary free in every class, lower-fare change is a
 * refund and a new purchase, nothing after the scheduled departure quoted from the table.
 */
import { describe, expect, it } from 'vitest';
import { quoteAirChange, quoteAirRefund } from './air';
import { findVersion, selectVersion, ruleSetVersions, type AirRuleSetVersion } from './rulesets';
import { quoteChange, quoteRefund } from './index';
import type { ChangeQuoteInput, RefundQuoteInput } from './types';
import { toShanghaiIso } from '../time/shanghai';

const second = findVersion('cn-air@2021-09-01') as AirRuleSetVersion;
const first = findVersion('cn-air@2017-07-07') as AirRuleSetVersion;
const DEP_MS = Date.parse('2026-05-20T08:00:00+08:00');
const FARE = 128_000; // ¥1,280
const TAXES = { developmentFundFen: 5_000, fuelSurchargeFen: 3_000 }; // ¥50 + ¥30

function at(minutesBeforeDeparture: number): string {
  return toShanghaiIso(DEP_MS - minutesBeforeDeparture * 60_000);
}

const base = {
  ruleSet: 'cn-air' as const,
  fareFen: FARE,
  taxes: TAXES,
  purchasedAt: '2026-04-01T10:00:00+08:00',
  departureAt: '2026-05-20T08:00:00+08:00',
};

function refund(fareClass: string, minutesLeft: number, extra: Partial<RefundQuoteInput> = {}, version = second) {
  return quoteAirRefund({ ...base, fareClass, requestedAt: at(minutesLeft), ...extra }, version);
}

function change(fareClass: string, minutesLeft: number, extra: Partial<ChangeQuoteInput> = {}, version = second) {
  return quoteAirChange(
    {
      ...base,
      fareClass,
      newFareFen: FARE,
      newDepartureAt: '2026-05-22T08:00:00+08:00',
      requestedAt: at(minutesLeft),
      ...extra,
    },
    version,
  );
}

describe('cn-air@2021-09-01: the version', () => {
  it('is in force for tickets sold from 2021-09-01 (Shanghai day); earlier ones keep cn-air@2017-07-07', () => {
    expect(selectVersion(ruleSetVersions, 'cn-air', Date.parse('2021-09-01T00:00:00+08:00')).versionId).toBe(
      'cn-air@2021-09-01',
    );
    expect(selectVersion(ruleSetVersions, 'cn-air', Date.parse('2021-08-31T23:59:59+08:00')).versionId).toBe(
      'cn-air@2017-07-07',
    );
    expect(quoteRefund({ ...base, fareClass: 'Y', requestedAt: at(300) }).ruleId).toBe(
      'cn-air@2021-09-01/refund.class-Y.2h-or-more',
    );
    expect(
      quoteRefund({ ...base, fareClass: 'Y', purchasedAt: '2021-08-31T10:00:00+08:00', requestedAt: at(300) }).ruleId,
    ).toBe('cn-air@2017-07-07/refund.class-Y.2h-or-more');
  });

  it('the first version leaves taxes out of the quote as before', () => {
    const q = refund('Y', 300, {}, first);
    expect(q).toMatchObject({ feeFen: 6_400, refundFen: 121_600 });
    expect(q.taxes).toBeUndefined();
  });
});

describe('cn-air@2021-09-01 refunds: fee on the fare only, taxes always refunded', () => {
  it('Y 2 h or more ahead: 5% of the fare, the taxes back in full', () => {
    const q = refund('Y', 300);
    expect(q).toMatchObject({
      allowed: true,
      feeFen: 6_400,
      refundFen: FARE - 6_400 + 8_000,
      taxes: { developmentFundFen: 5_000, fuelSurchargeFen: 3_000, totalFen: 8_000 },
      ruleId: 'cn-air@2021-09-01/refund.class-Y.2h-or-more',
    });
    expect(q.explanation['zh-CN']).toContain('税费 ¥80.00 全额退还（民航发展基金 ¥50.00，燃油附加费 ¥30.00）');
    expect(q.explanation.en).toContain(
      'taxes ¥80.00 refunded in full (development fund ¥50.00, fuel surcharge ¥30.00)',
    );
    expect(q.explanation.en).toContain('refund ¥1,296.00');
  });

  it('the column boundary: exactly 2 h before departure is the 2 h-or-more column, a minute less is not', () => {
    expect(refund('C', 120)).toMatchObject({
      feeFen: 12_800,
      refundFen: FARE - 12_800 + 8_000,
      ruleId: 'cn-air@2021-09-01/refund.class-C.2h-or-more',
    });
    expect(refund('C', 119)).toMatchObject({
      feeFen: 25_600,
      refundFen: FARE - 25_600 + 8_000,
      ruleId: 'cn-air@2021-09-01/refund.class-C.under-2h',
    });
  });

  it('"taxes only" refunds exactly the taxes, in both columns', () => {
    for (const [fareClass, minutesLeft] of [
      ['Z', 300],
      ['G', 119],
      ['E', 119],
    ] as const) {
      const q = refund(fareClass, minutesLeft);
      expect(q).toMatchObject({ allowed: true, feeFen: FARE, refundFen: 8_000, taxes: { totalFen: 8_000 } });
      expect(q.explanation['zh-CN']).toContain('仅退税费');
      expect(q.explanation.en).toContain('taxes ¥80.00 refunded in full');
    }
  });

  it('a ticket without taxes (an old document) refunds 0 taxes', () => {
    expect(refund('Y', 300, { taxes: null })).toMatchObject({
      feeFen: 6_400,
      refundFen: 121_600,
      taxes: { totalFen: 0 },
    });
    expect(refund('Z', 300, { taxes: undefined })).toMatchObject({ feeFen: FARE, refundFen: 0 });
  });

  it('the fee is never above the fare paid, whatever the rounding makes of it', () => {
    // A 100% term on a ¥1.50 fare rounds half up to ¥2: the fee stops at the fare, the taxes still come back.
    const steep: AirRuleSetVersion = {
      ...second,
      rules: {
        ...second.rules,
        fareClasses: [{ classes: ['Y'], changeAtLeast: 0, changeUnder: 0, refundAtLeast: 100, refundUnder: 100 }],
      },
    };
    const q = refund('Y', 300, { fareFen: 150 }, steep);
    expect(q).toMatchObject({ feeFen: 150, refundFen: 8_000 });
    expect(q.explanation.en).toContain('limited to the fare: ¥1.50');
    // At the table's own worst (50%), a fee never exceeds the fare either.
    for (const fareFen of [0, 1, 99, 100, 101, 149, 150, 151]) {
      expect(refund('U', 119, { fareFen }).feeFen).toBeLessThanOrEqual(fareFen);
    }
  });

  it('involuntary refund (cancelled, delayed, advanced, rerouted, no seat) is free in every class, taxes included', () => {
    for (const fareClass of ['F', 'Y', 'C', 'M', 'U', 'E', 'Z', 'G']) {
      for (const minutesLeft of [600, 119, -60]) {
        expect(refund(fareClass, minutesLeft, { involuntary: true })).toMatchObject({
          allowed: true,
          feeFen: 0,
          refundFen: FARE + 8_000,
          ruleId: 'cn-air@2021-09-01/refund.involuntary',
        });
      }
    }
  });
});

describe('cn-air@2021-09-01 after the scheduled departure: a person, with the carrier’s no-show conditions', () => {
  it('at departure exactly it is still the table (under 2 h); a minute later it is a manual step', () => {
    expect(refund('Y', 0)).toMatchObject({ feeFen: 19_200, ruleId: 'cn-air@2021-09-01/refund.class-Y.under-2h' });
    expect(refund('Y', 0).manualStep).toBeUndefined();
    const late = refund('Y', -1);
    expect(late.ruleId).toBe('cn-air@2021-09-01/refund.class-Y.after-departure-no-show');
    expect(late.manualStep?.kind).toBe('carrier-no-show');
    expect(late.manualStep?.reason.en).toContain("carrier's no-show conditions");
    expect(late.manualStep?.reason['zh-CN']).toContain('误机规定');
    // Nothing of the fare is priced from the table: only the taxes are certain until a person decides.
    expect(late).toMatchObject({ allowed: true, feeFen: FARE, refundFen: 8_000 });
  });

  it('the first version still priced it from the under-2 h column', () => {
    expect(refund('Y', -30, {}, first)).toMatchObject({
      feeFen: 19_200,
      ruleId: 'cn-air@2017-07-07/refund.class-Y.under-2h',
    });
  });

  it('a change after departure is refused and sent to a person', () => {
    const q = change('Y', -5);
    expect(q).toMatchObject({
      allowed: false,
      payFen: 0,
      ruleId: 'cn-air@2021-09-01/change.class-Y.after-departure-no-show',
    });
    expect(q.manualStep?.kind).toBe('carrier-no-show');
  });
});

describe('cn-air@2021-09-01 changes', () => {
  it('to a higher fare: the difference plus the change fee (a percentage of the fare), at the 2 h boundary', () => {
    // C: 5% at 2 h or more, 10% under. ¥1,280 → ¥1,500: difference ¥220.
    expect(change('C', 120, { newFareFen: 150_000 })).toMatchObject({
      allowed: true,
      changeFeeFen: 6_400,
      differenceFeeFen: 0,
      payFen: 6_400 + 22_000,
    });
    expect(change('C', 119, { newFareFen: 150_000 })).toMatchObject({
      allowed: true,
      changeFeeFen: 12_800,
      payFen: 12_800 + 22_000,
    });
  });

  it('to a lower fare: a voluntary refund and a new purchase, not a change (said in both languages)', () => {
    const q = change('C', 300, { newFareFen: 100_000 });
    expect(q).toMatchObject({
      allowed: false,
      changeFeeFen: 0,
      differenceFeeFen: 0,
      payFen: 0,
      ruleId: 'cn-air@2021-09-01/change.class-C.lower-fare-refund-and-new-purchase',
    });
    expect(q.explanation.en).toContain('refund this ticket voluntarily');
    expect(q.explanation.en).toContain('new purchase');
    expect(q.explanation['zh-CN']).toContain('须按自愿退票办理');
    expect(q.explanation['zh-CN']).toContain('重新购票');
    // The first version kept the difference instead.
    expect(change('C', 300, { newFareFen: 100_000 }, first)).toMatchObject({ allowed: true, differenceFeeFen: 28_000 });
  });

  it('"not changeable" limits voluntary changes only: an involuntary change of Z is free', () => {
    expect(change('Z', 300)).toMatchObject({ allowed: false, ruleId: 'cn-air@2021-09-01/change.class-Z.2h-or-more' });
    for (const fareClass of ['Z', 'T', 'N', 'R', 'G', 'E', 'F']) {
      expect(change(fareClass, 30, { involuntary: true })).toMatchObject({
        allowed: true,
        changeFeeFen: 0,
        differenceFeeFen: 0,
        payFen: 0,
        ruleId: 'cn-air@2021-09-01/change.involuntary',
      });
    }
    expect(change('Z', -30, { involuntary: true })).toMatchObject({ allowed: true, changeFeeFen: 0 });
  });

  it('same fare, 2 h or more: Y is free', () => {
    expect(
      quoteChange({
        ...base,
        fareClass: 'Y',
        newFareFen: FARE,
        newDepartureAt: '2026-05-22T08:00:00+08:00',
        requestedAt: at(300),
      }),
    ).toMatchObject({
      allowed: true,
      payFen: 0,
      ruleId: 'cn-air@2021-09-01/change.class-Y.2h-or-more',
    });
  });
});
