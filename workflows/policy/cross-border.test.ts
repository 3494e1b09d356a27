import { describe, expect, it } from 'vitest';
import { quoteCrossBorderChange, quoteCrossBorderRefund } from './cross-border';
import { quoteRefund } from './index';
import { findVersion, type CrossBorderRuleSetVersion } from './rulesets';
import type { RefundQuoteInput } from './types';

const version = findVersion('cn-rail-xb@2026-12-01') as CrossBorderRuleSetVersion;
const DEPARTURE = '2027-01-20T08:00:00+08:00';
const DEP_MS = Date.parse(DEPARTURE);
const HOUR = 60;

function beforeDeparture(minutes: number): string {
  return new Date(DEP_MS - minutes * 60_000 + 8 * 3_600_000).toISOString().slice(0, 19) + '+08:00';
}

const base = {
  ruleSet: 'cn-rail-xb' as const,
  fareFen: 24_750,
  purchasedAt: '2026-12-01T10:00:00+08:00',
  departureAt: DEPARTURE,
};

function refund(minutesLeft: number, extra: Partial<RefundQuoteInput> = {}) {
  return quoteCrossBorderRefund({ ...base, requestedAt: beforeDeparture(minutesLeft), ...extra }, version);
}

describe('Guangzhou–Shenzhen–Hong Kong cross-border refunds', () => {
  it.each([
    // [minutes left, fee fen, tier]: fees in whole yuan, the fraction dropped
    [192 * HOUR, 1_200, 'tier-192h'], // 8 days or more: 5% of 247.50 = 12.375 → 12
    [192 * HOUR - 1, 7_400, 'tier-48h'], // 48 h to day 7: 30% = 74.25 → 74
    [48 * HOUR, 7_400, 'tier-48h'], // exactly 48 h
    [48 * HOUR - 1, 12_300, 'tier-0h'], // under 48 h: 50% = 123.75 → 123
    [30, 12_300, 'tier-0h'], // the cut-off itself: still open
  ])('%i minutes left → fee %i (%s)', (minutesLeft, feeFen, tier) => {
    expect(refund(minutesLeft)).toMatchObject({
      allowed: true,
      feeFen,
      refundFen: 24_750 - feeFen,
      ruleId: `cn-rail-xb@2026-12-01/refund.${tier}`,
    });
  });

  it('explains the whole-yuan fee in both languages', () => {
    const q = refund(100 * HOUR);
    expect(q.explanation['zh-CN']).toBe(
      '广深港跨境列车，距开车 4天4小时（48小时以上、不足8天），按票价30%收取退票费 ¥74.25，按元收取、角分舍去计为 ¥74.00，应退 ¥173.50',
    );
    expect(q.explanation.en).toBe(
      'Guangzhou–Shenzhen–Hong Kong cross-border train, 4 days 4 h before departure (48 h to under 8 days): 30% refund fee ¥74.25, whole yuan, the fraction dropped: ¥74.00; refund ¥173.50',
    );
  });

  it('closes 30 minutes before departure', () => {
    const q = refund(29);
    expect(q).toMatchObject({
      allowed: false,
      feeFen: 24_750,
      refundFen: 0,
      ruleId: 'cn-rail-xb@2026-12-01/refund.cutoff-30min',
    });
    expect(q.explanation.en).toContain('a refund closes 30 min before departure');
  });

  it('closes 45 minutes before departure from Hong Kong West Kowloon', () => {
    expect(refund(45, { boardingStation: '香港西九龙' })).toMatchObject({ allowed: true, feeFen: 12_300 });
    const q = refund(44, { boardingStation: '香港西九龙' });
    expect(q).toMatchObject({ allowed: false, ruleId: 'cn-rail-xb@2026-12-01/refund.cutoff-45min' });
    expect(q.explanation['zh-CN']).toContain('退票须在开车前45分钟以上办理（香港西九龙站）');
    expect(refund(44, { boardingStation: '深圳北' })).toMatchObject({ allowed: true });
  });

  it('a changed ticket cannot be refunded', () => {
    const q = refund(300 * HOUR, { changed: true });
    expect(q).toMatchObject({
      allowed: false,
      refundFen: 0,
      ruleId: 'cn-rail-xb@2026-12-01/refund.changed-not-refundable',
    });
    expect(q.explanation['zh-CN']).toContain('改签后的车票不能退票');
  });

  it("the railway's fault: full refund", () => {
    expect(refund(10, { involuntary: true })).toMatchObject({ allowed: true, feeFen: 0, refundFen: 24_750 });
  });

  it('is its own rule set through the public API', () => {
    expect(quoteRefund({ ...base, requestedAt: beforeDeparture(10 * 24 * HOUR) })).toMatchObject({
      feeFen: 1_200,
      ruleId: 'cn-rail-xb@2026-12-01/refund.tier-192h',
    });
  });

  it('does not quote a change from the refund table', () => {
    const q = quoteCrossBorderChange(
      {
        ...base,
        newFareFen: 24_750,
        newDepartureAt: '2027-01-21T08:00:00+08:00',
        requestedAt: beforeDeparture(100 * HOUR),
      },
      version,
    );
    expect(q).toMatchObject({ allowed: false, payFen: 0, ruleId: 'cn-rail-xb@2026-12-01/change.not-in-table' });
  });
});
