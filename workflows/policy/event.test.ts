import { describe, expect, it } from 'vitest';
import { PolicyError } from './errors';
import { eventOrganizers, quoteEventChange, quoteEventRefund } from './event';
import { findVersion, type EventRuleSetVersion } from './rulesets';
import type { ChangeQuoteInput, RefundQuoteInput } from './types';

const version = findVersion('event@2025-01-01') as EventRuleSetVersion;
const SHOW_MS = Date.parse('2026-05-20T19:30:00+08:00');
const HOUR = 60;

function beforeShow(minutes: number): string {
  return new Date(SHOW_MS - minutes * 60_000 + 8 * 3_600_000).toISOString().slice(0, 19) + '+08:00';
}

const base = {
  ruleSet: 'event' as const,
  fareFen: 128_000,
  purchasedAt: '2026-03-01T10:00:00+08:00',
  departureAt: '2026-05-20T19:30:00+08:00',
};

function refund(organizer: string | undefined, minutesLeft: number, extra: Partial<RefundQuoteInput> = {}) {
  return quoteEventRefund({ ...base, organizer, requestedAt: beforeShow(minutesLeft), ...extra }, version);
}

function change(organizer: string | undefined, minutesLeft: number, extra: Partial<ChangeQuoteInput> = {}) {
  return quoteEventChange(
    {
      ...base,
      organizer,
      newFareFen: 128_000,
      newDepartureAt: '2026-05-21T19:30:00+08:00',
      requestedAt: beforeShow(minutesLeft),
      ...extra,
    },
    version,
  );
}

describe('event refund: poly-theatre tiers', () => {
  it.each([
    [720 * HOUR, 0, 'tier-720h'],
    [720 * HOUR - 1, 12_800, 'tier-168h'],
    [168 * HOUR, 12_800, 'tier-168h'],
    [168 * HOUR - 1, 38_400, 'tier-48h'],
    [48 * HOUR, 38_400, 'tier-48h'],
  ])('%i minutes before → fee %i (%s)', (minutesLeft, feeFen, tier) => {
    const q = refund('poly-theatre', minutesLeft);
    expect(q).toMatchObject({
      allowed: true,
      feeFen,
      refundFen: 128_000 - feeFen,
      ruleId: `event@2025-01-01/poly-theatre/refund.${tier}`,
    });
    expect(q.explanation['zh-CN']).toContain('保利剧院');
  });

  it('the 100% tier means no refund', () => {
    const q = refund('poly-theatre', 48 * HOUR - 1);
    expect(q).toMatchObject({
      allowed: false,
      feeFen: 128_000,
      refundFen: 0,
      ruleId: 'event@2025-01-01/poly-theatre/refund.tier-0h',
    });
    expect(q.explanation.en).toContain('no refund');
  });

  it('no refund once the show has started', () => {
    expect(refund('poly-theatre', -1)).toMatchObject({
      allowed: false,
      refundFen: 0,
      ruleId: 'event@2025-01-01/poly-theatre/refund.after-start',
    });
  });

  it('a cancelled show is refunded in full', () => {
    expect(refund('poly-theatre', -1, { involuntary: true })).toMatchObject({
      allowed: true,
      feeFen: 0,
      refundFen: 128_000,
    });
  });

  it('rounds to the fen, half up', () => {
    // 10% of ¥0.15 = 1.5 fen → 2 fen
    expect(refund('poly-theatre', 200 * HOUR, { fareFen: 15 }).feeFen).toBe(2);
  });
});

describe('event refund: default organizer', () => {
  it('applies when no organizer is named', () => {
    expect(refund(undefined, 168 * HOUR).ruleId).toBe('event@2025-01-01/default/refund.tier-168h');
    expect(refund(undefined, 100 * HOUR)).toMatchObject({
      feeFen: 25_600,
      ruleId: 'event@2025-01-01/default/refund.tier-48h',
    });
    expect(refund(undefined, 47 * HOUR).allowed).toBe(false);
  });

  it('refuses an unknown organizer with a typed error', () => {
    expect(() => refund('nobody', 100 * HOUR)).toThrow(PolicyError);
    expect(() => refund('nobody', 100 * HOUR)).toThrow(/Unknown event organizer "nobody"/);
  });
});

describe('event change', () => {
  it('poly-theatre: once, up to 48 h before, ¥10 per ticket', () => {
    expect(change('poly-theatre', 48 * HOUR)).toMatchObject({
      allowed: true,
      changeFeeFen: 1_000,
      payFen: 1_000,
      ruleId: 'event@2025-01-01/poly-theatre/change.48h-or-more',
    });
    expect(change('poly-theatre', 48 * HOUR - 1)).toMatchObject({
      allowed: false,
      payFen: 0,
      ruleId: 'event@2025-01-01/poly-theatre/change.too-late',
    });
  });

  it('settles the fare difference at face value', () => {
    expect(change('poly-theatre', 100 * HOUR, { newFareFen: 88_000 })).toMatchObject({
      differenceFeeFen: 0,
      payFen: 1_000 - 40_000,
    });
    expect(change('poly-theatre', 100 * HOUR, { newFareFen: 168_000 }).payFen).toBe(41_000);
  });

  it('default organizer: no changes', () => {
    expect(change(undefined, 500 * HOUR)).toMatchObject({
      allowed: false,
      ruleId: 'event@2025-01-01/default/change.not-allowed',
    });
  });

  it('a rescheduled show is changed free', () => {
    expect(change(undefined, 1 * HOUR, { involuntary: true })).toMatchObject({
      allowed: true,
      changeFeeFen: 0,
      payFen: 0,
    });
  });

  it('lists the organizers', () => {
    expect(eventOrganizers(version).map((o) => o.organizer)).toEqual(['default', 'poly-theatre']);
  });
});
