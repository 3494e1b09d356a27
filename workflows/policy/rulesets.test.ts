import { describe, expect, it } from 'vitest';
import { PolicyError } from './errors';
import { quoteRailChange } from './rail';
import {
  findVersion,
  inSpringFestivalRush,
  organizerPolicy,
  ruleSetVersions,
  selectVersion,
  springFestivalRushFor,
  type FeeTier,
  type RailRuleSetVersion,
  type RuleSetVersion,
} from './rulesets';

function checkTiers(tiers: readonly FeeTier[]) {
  expect(tiers.length).toBeGreaterThan(0);
  expect(tiers.at(-1)?.minHoursBefore).toBe(0);
  for (let i = 1; i < tiers.length; i++) {
    const [prev, cur] = [tiers[i - 1]!, tiers[i]!];
    expect(cur.minHoursBefore).toBeLessThan(prev.minHoursBefore);
    // fees never fall as the departure approaches
    expect(cur.feePct).toBeGreaterThanOrEqual(prev.feePct);
  }
  for (const t of tiers) {
    expect(Number.isInteger(t.feePct)).toBe(true);
    expect(t.feePct).toBeGreaterThanOrEqual(0);
    expect(t.feePct).toBeLessThanOrEqual(100);
  }
}

describe('rule-set data', () => {
  it('has well-formed, monotone tiers in every version', () => {
    for (const v of ruleSetVersions) {
      expect(v.versionId.startsWith(`${v.ruleSet}@`)).toBe(true);
      if (v.ruleSet === 'cn-rail') {
        checkTiers(v.rules.refundTiers);
        if (v.rules.change.laterDateTiers) checkTiers(v.rules.change.laterDateTiers);
      }
      if (v.ruleSet === 'cn-rail-xb') checkTiers(v.rules.refundTiers);
      if (v.ruleSet === 'event') {
        for (const o of v.rules.organizers) {
          if (o.refundTiers) checkTiers(o.refundTiers);
          if (o.instantRefund) {
            // instant tiers: ordered, fees never falling, all before the cutoff
            const until = o.instantRefund.tiers.map((t) => Date.parse(t.until));
            for (let i = 1; i < until.length; i++) {
              expect(until[i]).toBeGreaterThan(until[i - 1]!);
              expect(o.instantRefund.tiers[i]!.feePct).toBeGreaterThanOrEqual(o.instantRefund.tiers[i - 1]!.feePct);
            }
            expect(Date.parse(o.instantRefund.cutoff)).toBeGreaterThan(until.at(-1)!);
          }
        }
      }
      if (v.ruleSet === 'cn-air') {
        const all = v.rules.fareClasses.flatMap((r) => r.classes);
        expect(new Set(all).size).toBe(all.length);
        for (const row of v.rules.fareClasses) {
          const rank = (t: number | string) => (typeof t === 'number' ? t : 100);
          expect(rank(row.refundUnder)).toBeGreaterThanOrEqual(rank(row.refundAtLeast));
        }
      }
    }
  });

  it('has unique version ids', () => {
    const ids = ruleSetVersions.map((v) => v.versionId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has the default event organizer', () => {
    const v = findVersion('event@2025-01-01');
    if (v.ruleSet !== 'event') throw new Error('expected event');
    expect(organizerPolicy(v.rules, undefined).organizer).toBe('default');
  });
});

describe('version selection by date', () => {
  it('chooses cn-rail by the Asia/Shanghai day', () => {
    const at = (iso: string) => selectVersion(ruleSetVersions, 'cn-rail', Date.parse(iso)).versionId;
    expect(at('2024-01-15T00:00:00+08:00')).toBe('cn-rail@2024-01-15');
    expect(at('2024-01-14T23:59:59+08:00')).toBe('cn-rail@before-2024-01-15');
    // 2024-01-14T16:00Z is already the 15th in Shanghai
    expect(at('2024-01-14T16:00:00Z')).toBe('cn-rail@2024-01-15');
    expect(at('2010-06-01T00:00:00+08:00')).toBe('cn-rail@before-2024-01-15');
  });

  it('refuses a date before any version of a rule set', () => {
    expect(() => selectVersion(ruleSetVersions, 'cn-air', Date.parse('2017-07-06T12:00:00+08:00'))).toThrow(
      PolicyError,
    );
    expect(selectVersion(ruleSetVersions, 'cn-air', Date.parse('2017-07-07T00:00:00+08:00')).versionId).toBe(
      'cn-air@2017-07-07',
    );
  });

  it('picks the newest started version from a test-only list, and quotes under it', () => {
    const current = findVersion('cn-rail@2024-01-15') as RailRuleSetVersion;
    // Test-only: a made-up future version that charges 8% for a later-date change at 24–48 h.
    const future: RailRuleSetVersion = {
      ...current,
      versionId: 'cn-rail@2030-01-01',
      effectiveFrom: '2030-01-01',
      rules: {
        ...current.rules,
        change: {
          ...current.rules.change,
          laterDateTiers: [
            { minHoursBefore: 24, feePct: 8 },
            { minHoursBefore: 0, feePct: 15 },
          ],
        },
      },
    };
    const versions: RuleSetVersion[] = [future, ...ruleSetVersions];
    expect(selectVersion(versions, 'cn-rail', Date.parse('2029-12-31T23:59:00+08:00')).versionId).toBe(
      'cn-rail@2026-12-01',
    );
    const chosen = selectVersion(versions, 'cn-rail', Date.parse('2030-01-01T00:00:00+08:00'));
    expect(chosen.versionId).toBe('cn-rail@2030-01-01');
    if (chosen.ruleSet !== 'cn-rail') throw new Error('expected cn-rail');

    const input = {
      ruleSet: 'cn-rail' as const,
      fareFen: 10_000,
      newFareFen: 10_000,
      purchasedAt: '2030-01-02T08:00:00+08:00',
      departureAt: '2030-03-10T08:00:00+08:00',
      newDepartureAt: '2030-03-12T08:00:00+08:00',
      requestedAt: '2030-03-09T02:00:00+08:00', // 30 h before
    };
    expect(quoteRailChange(input, chosen)).toMatchObject({
      changeFeeFen: 800,
      ruleId: 'cn-rail@2030-01-01/change.later-date-tier-24h',
    });
    expect(quoteRailChange(input, current)).toMatchObject({
      changeFeeFen: 500,
      ruleId: 'cn-rail@2024-01-15/change.later-date-tier-24h',
    });
  });

  it('refuses an unknown version id', () => {
    expect(() => findVersion('cn-rail@1999-01-01')).toThrow(/Unknown rule set version/);
  });
});

describe('Spring Festival rush periods', () => {
  it.each([
    ['2026-02-01', false],
    ['2026-02-02', true],
    ['2026-03-13', true],
    ['2026-03-14', false],
    // 2027: not yet published (second edition), so no 2027 date is known to be in the rush
    ['2027-01-22', false],
    ['2027-02-10', false],
  ])('%s → %s', (date, inRush) => {
    expect(inSpringFestivalRush(date)).toBe(inRush);
  });

  it('says a year without published dates is unknown, in the months a rush can fall', () => {
    expect(springFestivalRushFor('2026-02-02')).toEqual({
      status: 'in',
      period: { year: 2026, from: '2026-02-02', to: '2026-03-13' },
    });
    expect(springFestivalRushFor('2026-03-14')).toEqual({ status: 'out' });
    expect(springFestivalRushFor('2027-02-10')).toEqual({ status: 'unknown', year: 2027 });
    expect(springFestivalRushFor('2027-03-31')).toEqual({ status: 'unknown', year: 2027 });
    expect(springFestivalRushFor('2027-04-01')).toEqual({ status: 'out' });
    expect(springFestivalRushFor('2028-01-20')).toEqual({ status: 'unknown', year: 2028 });
  });

  it('takes a year an admin entered', () => {
    const entered = [{ year: 2027, from: '2027-01-22', to: '2027-03-02' }];
    expect(springFestivalRushFor('2027-01-22', entered)).toMatchObject({ status: 'in' });
    expect(springFestivalRushFor('2027-03-03', entered)).toEqual({ status: 'out' });
  });
});
