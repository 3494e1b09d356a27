/** Organizer refund policies keyed to fixed instants (fare-rules.md, second edition). */
import { describe, expect, it } from 'vitest';
import { quoteEventRefund } from './event';
import { findVersion, type EventRuleSetVersion, type OrganizerPolicy } from './rulesets';
import type { RefundQuoteInput } from './types';

const version = findVersion('event@2026-12-01') as EventRuleSetVersion;
const ACCUSEFIVE = 'accusefive-hefei-2024';
// The document gives the tiers, not the show's date: any evening after the cutoff will do.
const show = {
  ruleSet: 'event' as const,
  fareFen: 68_000,
  purchasedAt: '2024-01-10T12:00:00+08:00',
  departureAt: '2024-04-13T19:30:00+08:00',
};

function refund(requestedAt: string, extra: Partial<RefundQuoteInput> = {}, v = version) {
  return quoteEventRefund({ ...show, organizer: ACCUSEFIVE, requestedAt, ...extra }, v);
}

describe('告五人 (Hefei, 2024): face-price tiers to fixed instants', () => {
  it('a 68000 ticket refunded 2024-03-20 pays 34000 and gets 34000', () => {
    const q = refund('2024-03-20T10:00:00+08:00');
    expect(q).toMatchObject({
      allowed: true,
      feeFen: 34_000,
      refundFen: 34_000,
      ruleId: `event@2026-12-01/${ACCUSEFIVE}/refund.until-2024-03-29`,
    });
    expect(q.explanation['zh-CN']).toBe(
      '告五人（合肥，2024）：2024-03-20 10:00:00 申请，截至 2024-03-29 23:59:59（第2档），按票面价 ¥680.00的50%收取手续费 ¥340.00，应退 ¥340.00',
    );
    expect(q.explanation.en).toBe(
      'Accusefive (Hefei, 2024): requested 2024-03-20 10:00:00, up to 2024-03-29 23:59:59 (tier 2): fee 50% of the face price ¥680.00: ¥340.00; refund ¥340.00',
    );
  });

  it.each([
    ['2024-03-15T23:59:59+08:00', 13_600, 'until-2024-03-15'], // 20% to 03-15 23:59:59 inclusive
    ['2024-03-16T00:00:00+08:00', 34_000, 'until-2024-03-29'],
    ['2024-03-29T23:59:59+08:00', 34_000, 'until-2024-03-29'],
    ['2024-03-30T00:00:00+08:00', 54_400, 'until-2024-04-05'], // 80%
    ['2024-04-05T23:59:59+08:00', 54_400, 'until-2024-04-05'],
    ['2024-04-05T15:59:59Z', 54_400, 'until-2024-04-05'], // the same instant written in UTC
  ])('refunded %s → fee %i (%s)', (requestedAt, feeFen, rule) => {
    expect(refund(requestedAt)).toMatchObject({
      allowed: true,
      feeFen,
      refundFen: 68_000 - feeFen,
      ruleId: `event@2026-12-01/${ACCUSEFIVE}/refund.${rule}`,
    });
  });

  it('no refund from 2024-04-06 00:00', () => {
    const q = refund('2024-04-06T00:00:00+08:00');
    expect(q).toMatchObject({
      allowed: false,
      feeFen: 68_000,
      refundFen: 0,
      ruleId: `event@2026-12-01/${ACCUSEFIVE}/refund.after-cutoff`,
    });
    expect(q.explanation['zh-CN']).toContain('2024-04-06 00:00:00 起不予退票');
  });

  it('charges the face price percentage even when less was paid, never more than was paid', () => {
    expect(refund('2024-03-20T10:00:00+08:00', { fareFen: 60_000, faceFen: 68_000 })).toMatchObject({
      feeFen: 34_000,
      refundFen: 26_000,
    });
    expect(refund('2024-04-01T10:00:00+08:00', { fareFen: 50_000, faceFen: 68_000 })).toMatchObject({
      feeFen: 50_000,
      refundFen: 0,
    });
  });

  it('sits beside the organizers that count hours before the show', () => {
    expect(version.rules.organizers.map((o) => o.organizer)).toEqual(['default', 'poly-theatre', ACCUSEFIVE]);
    expect(
      quoteEventRefund({ ...show, organizer: 'poly-theatre', requestedAt: '2024-03-20T10:00:00+08:00' }, version)
        .ruleId,
    ).toBe('event@2026-12-01/poly-theatre/refund.tier-168h');
  });
});

describe('organizer flags (test-only organizer)', () => {
  // Test-only: an organizer using every flag, with a 0.6% platform fee on the face price.
  const strict: OrganizerPolicy = {
    organizer: 'strict',
    name: { 'zh-CN': '严格主办方', en: 'Strict organizer' },
    instantRefund: {
      tiers: [{ until: '2024-03-31T23:59:59+08:00', feePct: 10, base: 'paid' }],
      cutoff: '2024-04-01T00:00:00+08:00',
      wholeOrderOnly: true,
      oneRefundPerAccountPerShow: true,
      platformFeeBasisPoints: 60,
    },
    change: { allowed: false },
  };
  const v: EventRuleSetVersion = { ...version, rules: { ...version.rules, organizers: [strict] } };
  const quote = (extra: Partial<RefundQuoteInput>) =>
    refund('2024-03-20T10:00:00+08:00', { organizer: 'strict', ...extra }, v);

  it('adds the platform fee to the tier fee', () => {
    // 10% of 68000 paid = 6800; 0.6% of face 68000 = 408
    const q = quote({});
    expect(q).toMatchObject({
      allowed: true,
      feeFen: 7_208,
      refundFen: 60_792,
      ruleId: 'event@2026-12-01/strict/refund.until-2024-03-31',
    });
    expect(q.explanation.en).toContain('plus a platform fee of 0.6% of the face price: ¥4.08');
  });

  it('refunds whole orders only', () => {
    expect(quote({ wholeOrder: false })).toMatchObject({
      allowed: false,
      ruleId: 'event@2026-12-01/strict/refund.whole-order-only',
    });
    expect(quote({ wholeOrder: true }).allowed).toBe(true);
  });

  it('one refund per account per show', () => {
    const q = quote({ accountRefundedThisShow: true });
    expect(q).toMatchObject({ allowed: false, ruleId: 'event@2026-12-01/strict/refund.one-per-account' });
    expect(q.explanation['zh-CN']).toContain('每个账号每场限退一次');
  });
});
