import { describe, expect, it } from 'vitest';
import { airRefundDeadline, quoteAirChange, quoteAirRefund } from './air';
import { PolicyError } from './errors';
import { findVersion, type AirRuleSetVersion } from './rulesets';
import type { ChangeQuoteInput, RefundQuoteInput } from './types';
import { toShanghaiIso } from '../time/shanghai';

const version = findVersion('cn-air@2017-07-07') as AirRuleSetVersion;
const DEP_MS = Date.parse('2026-05-20T08:00:00+08:00');
const FARE = 100_000; // ¥1000: percentages come out in whole yuan

function beforeDeparture(minutes: number): string {
  return toShanghaiIso(DEP_MS - minutes * 60_000);
}

const base = {
  ruleSet: 'cn-air' as const,
  fareFen: FARE,
  purchasedAt: '2026-04-01T10:00:00+08:00',
  departureAt: '2026-05-20T08:00:00+08:00',
};

function refund(fareClass: string, minutesLeft: number, extra: Partial<RefundQuoteInput> = {}) {
  return quoteAirRefund({ ...base, fareClass, requestedAt: beforeDeparture(minutesLeft), ...extra }, version);
}

function change(fareClass: string, minutesLeft: number, extra: Partial<ChangeQuoteInput> = {}) {
  return quoteAirChange(
    {
      ...base,
      fareClass,
      newFareFen: FARE,
      newDepartureAt: '2026-05-22T08:00:00+08:00',
      requestedAt: beforeDeparture(minutesLeft),
      ...extra,
    },
    version,
  );
}

// The airline's table: [classes, change ≥ 2 h, change < 2 h, refund ≥ 2 h, refund < 2 h]
type Cell = number | 'not changeable' | 'taxes only';
const table: [string[], Cell, Cell, Cell, Cell][] = [
  [['F'], 0, 5, 5, 10],
  [['Y', 'W'], 0, 5, 5, 15],
  [['C'], 5, 10, 10, 20],
  [['D', 'I', 'B', 'M', 'H'], 10, 20, 20, 30],
  [['U', 'A', 'L'], 20, 30, 30, 50],
  [['E', 'V'], 30, 50, 50, 'taxes only'],
  [['Z', 'T', 'N', 'R', 'G'], 'not changeable', 'not changeable', 'taxes only', 'taxes only'],
];

const rows = table.flatMap(([classes, ...cells]) => classes.map((c) => [c, ...cells] as const));

describe('cn-air refund table, every class and both columns', () => {
  it.each(rows)(
    '%s: refund at exactly 2 h and just under',
    (fareClass, _changeAtLeast, _changeUnder, refundAtLeast, refundUnder) => {
      for (const [minutesLeft, cell, key] of [
        [120, refundAtLeast, '2h-or-more'],
        [119, refundUnder, 'under-2h'],
      ] as const) {
        const q = refund(fareClass, minutesLeft);
        expect(q.ruleId).toBe(`cn-air@2017-07-07/refund.class-${fareClass}.${key}`);
        expect(q.allowed).toBe(true);
        if (cell === 'taxes only') {
          expect(q).toMatchObject({ feeFen: FARE, refundFen: 0 });
          expect(q.explanation['zh-CN']).toContain('仅退税费');
          expect(q.explanation.en).toContain('taxes only');
        } else {
          expect(q.feeFen).toBe((FARE * Number(cell)) / 100);
          expect(q.refundFen).toBe(FARE - q.feeFen);
        }
      }
    },
  );
});

describe('cn-air change table, every class and both columns', () => {
  it.each(rows)('%s: change at exactly 2 h and just under', (fareClass, changeAtLeast, changeUnder) => {
    for (const [minutesLeft, cell, key] of [
      [120, changeAtLeast, '2h-or-more'],
      [119, changeUnder, 'under-2h'],
    ] as const) {
      const q = change(fareClass, minutesLeft);
      expect(q.ruleId).toBe(`cn-air@2017-07-07/change.class-${fareClass}.${key}`);
      if (cell === 'not changeable') {
        expect(q).toMatchObject({ allowed: false, changeFeeFen: 0, differenceFeeFen: 0, payFen: 0 });
        expect(q.explanation.en).toContain('cannot be changed');
        expect(q.explanation['zh-CN']).toContain('不得自愿变更');
      } else {
        expect(q.allowed).toBe(true);
        expect(q.changeFeeFen).toBe((FARE * Number(cell)) / 100);
        expect(q.payFen).toBe(q.changeFeeFen);
      }
    }
  });
});

describe('cn-air details', () => {
  it('rounds fees half up to the whole yuan', () => {
    // 5% of ¥1234.56 = 61.728 → 62; 5% of ¥1229.00 = 61.45 → 61; 5% of ¥1230.00 = 61.50 → 62
    expect(refund('Y', 300, { fareFen: 123_456 }).feeFen).toBe(6_200);
    expect(refund('Y', 300, { fareFen: 122_900 }).feeFen).toBe(6_100);
    expect(refund('Y', 300, { fareFen: 123_000 }).feeFen).toBe(6_200);
  });

  it('uses the under-2 h column after departure (no-show)', () => {
    expect(refund('C', -30).ruleId).toBe('cn-air@2017-07-07/refund.class-C.under-2h');
  });

  it('accepts a lower-case class', () => {
    expect(refund('y', 300).ruleId).toBe('cn-air@2017-07-07/refund.class-Y.2h-or-more');
  });

  it('involuntary refund: no fee, whatever the class or time', () => {
    for (const fareClass of ['F', 'E', 'Z']) {
      expect(refund(fareClass, 10, { involuntary: true })).toMatchObject({
        feeFen: 0,
        refundFen: FARE,
        ruleId: 'cn-air@2017-07-07/refund.involuntary',
      });
    }
    expect(quoteAirRefund({ ...base, requestedAt: beforeDeparture(10), involuntary: true }, version).refundFen).toBe(
      FARE,
    );
  });

  it('involuntary change: no change fee, even for a class that cannot be changed', () => {
    expect(change('Z', 10, { involuntary: true })).toMatchObject({
      allowed: true,
      changeFeeFen: 0,
      payFen: 0,
      ruleId: 'cn-air@2017-07-07/change.involuntary',
    });
    expect(change('Y', 10, { involuntary: true, newFareFen: 90_000 })).toMatchObject({
      differenceFeeFen: 0,
      payFen: -10_000,
    });
  });

  it('voluntary change to a higher fare pays the difference plus the fee', () => {
    expect(change('C', 300, { newFareFen: 120_000 })).toMatchObject({
      changeFeeFen: 5_000,
      differenceFeeFen: 0,
      payFen: 25_000,
    });
  });

  it('voluntary change to a lower fare: the difference is not refunded', () => {
    const q = change('C', 300, { newFareFen: 80_000 });
    expect(q).toMatchObject({ changeFeeFen: 5_000, differenceFeeFen: 20_000, payFen: 5_000 });
    expect(q.explanation.en).toContain('not refunded');
  });

  it('refuses an unknown or missing fare class with a typed error', () => {
    expect(() => refund('Q', 300)).toThrow(PolicyError);
    try {
      refund('Q', 300);
    } catch (error) {
      expect((error as PolicyError).reason).toBe('UNKNOWN_FARE_CLASS');
      expect((error as PolicyError).message).toContain('Unknown fare class "Q"');
    }
    expect(() => quoteAirRefund({ ...base, requestedAt: beforeDeparture(300) }, version)).toThrow(
      /needs the ticket's fare class/,
    );
    expect(() => change('Q', 300)).toThrow(PolicyError);
    expect(() => refund('Q', 300, { involuntary: true })).toThrow(PolicyError);
  });
});

describe('air refund deadline', () => {
  it('is the end of the 7th working day after the application', () => {
    // Tue 2026-05-12 → 13, 14, 15, 18, 19, 20, 21: Thu 21
    expect(airRefundDeadline('2026-05-12T10:00:00+08:00', version)).toBe('2026-05-21T23:59:59+08:00');
    // across 劳动节 (May 1–5 off) and the worked Saturday May 9: 4/30 → 5/6,7,8,9,11,12,13
    expect(airRefundDeadline('2026-04-30T18:00:00+08:00', version)).toBe('2026-05-13T23:59:59+08:00');
  });
});
