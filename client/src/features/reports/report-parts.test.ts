import { describe, expect, it } from 'vitest';
import { emptySums, deriveFigures } from '../../../../workflows/reports/figures';
import { mergeSummaries, rangeParts } from './report-parts';
import type { ReportSummary } from './report-files';

function part(from: string, to: string, refunds: number, offered: number, within: number): ReportSummary {
  const sums = emptySums();
  sums.refunds = { count: refunds, amountFen: refunds * 100, feesFen: 0 };
  sums.contacts.offered = offered;
  sums.contacts.answeredWithinTarget = within;
  return {
    from,
    to,
    groupBy: 'day',
    sums,
    ...deriveFigures(sums),
    groups: [{ key: from, label: from, sums, figures: deriveFigures(sums) }],
    comments: [],
  };
}

describe('a long range in parts', () => {
  it('cuts 75 days into spans of 31, 31 and 13 days', () => {
    expect(rangeParts('2026-01-01', '2026-03-16')).toEqual([
      { from: '2026-01-01', to: '2026-01-31' },
      { from: '2026-02-01', to: '2026-03-03' },
      { from: '2026-03-04', to: '2026-03-16' },
    ]);
    expect(rangeParts('2026-05-05', '2026-05-05')).toEqual([{ from: '2026-05-05', to: '2026-05-05' }]);
  });

  it('adds the parts up and takes the ratios over the whole range, not as an average of the parts', () => {
    const merged = mergeSummaries(
      [part('2026-01-01', '2026-01-31', 2, 10, 10), part('2026-02-01', '2026-02-10', 1, 30, 0)],
      {
        from: '2026-01-01',
        to: '2026-02-10',
      },
    );
    expect(merged?.refunds).toEqual({ count: 3, amountFen: 300, feesFen: 0 });
    // 10 of 40 within target: 25 %, where averaging the parts would say 50 %.
    expect(merged?.contacts.serviceLevel).toBe(0.25);
    expect(merged?.groups.map((g) => g.key)).toEqual(['2026-01-01', '2026-02-01']);
    expect(merged?.to).toBe('2026-02-10');
  });
});
