import { describe, expect, it } from 'vitest';
import { knownRushPeriods, rushPeriodProblem } from './rush-periods';
import { springFestivalRushFor } from './rulesets';

const entered2027 = { year: 2027, from: '2027-01-22', to: '2027-03-02' };

describe('Spring Festival rush dates entered by an admin', () => {
  it('accepts a not-yet-published year within January to March with start ≤ end', () => {
    expect(rushPeriodProblem(entered2027, [], { replace: false })).toBeNull();
    expect(rushPeriodProblem({ year: 2027, from: '2027-01-01', to: '2027-03-31' }, [], { replace: false })).toBeNull();
    expect(rushPeriodProblem({ year: 2027, from: '2027-02-10', to: '2027-02-10' }, [], { replace: false })).toBeNull();
  });

  it('refuses dates outside January to March of that year, not real days, or start after end', () => {
    expect(rushPeriodProblem({ year: 2027, from: '2026-12-31', to: '2027-02-01' }, [], { replace: false })?.code).toBe(
      'outside-year',
    );
    expect(rushPeriodProblem({ year: 2027, from: '2027-03-01', to: '2027-04-01' }, [], { replace: false })?.code).toBe(
      'outside-year',
    );
    expect(rushPeriodProblem({ year: 2027, from: '2028-01-10', to: '2028-02-01' }, [], { replace: false })?.code).toBe(
      'outside-year',
    );
    expect(rushPeriodProblem({ year: 2027, from: '2027-02-30', to: '2027-03-01' }, [], { replace: false })?.code).toBe(
      'invalid-date',
    );
    const backwards = rushPeriodProblem({ year: 2027, from: '2027-02-20', to: '2027-02-01' }, [], { replace: false });
    expect(backwards).toEqual({
      code: 'start-after-end',
      message: {
        'zh-CN': '开始日期 2027-02-20 晚于结束日期 2027-02-01',
        en: 'The start 2027-02-20 is after the end 2027-02-01',
      },
    });
  });

  it('does not overwrite the published 2026 dates or an entered year silently; replace says so', () => {
    const p2026 = { year: 2026, from: '2026-02-03', to: '2026-03-13' };
    expect(rushPeriodProblem(p2026, [], { replace: false })?.message.en).toBe(
      'The 2026 rush dates are published (2026-02-02 to 2026-03-13); confirm that you replace them',
    );
    expect(rushPeriodProblem(p2026, [], { replace: true })).toBeNull();
    const again = { year: 2027, from: '2027-01-23', to: '2027-03-03' };
    expect(rushPeriodProblem(again, [entered2027], { replace: false })?.code).toBe('already-entered');
    expect(rushPeriodProblem(again, [entered2027], { replace: true })).toBeNull();
  });

  it('lists published, entered and not-published years; an entered year wins, as in the quotes', () => {
    expect(knownRushPeriods([])).toEqual([
      { year: 2026, from: '2026-02-02', to: '2026-03-13', source: 'published' },
      { year: 2027, from: null, to: null, source: 'not-published' },
    ]);
    expect(
      knownRushPeriods([entered2027, { year: 2028, from: '2028-01-12', to: '2028-02-20' }]).map((p) => [
        p.year,
        p.source,
      ]),
    ).toEqual([
      [2026, 'published'],
      [2027, 'entered'],
      [2028, 'entered'],
    ]);
    expect(springFestivalRushFor('2027-02-10').status).toBe('unknown');
    expect(springFestivalRushFor('2027-02-10', [entered2027])).toEqual({ status: 'in', period: entered2027 });
  });
});
