/**
 * Spring Festival rush (春运) dates entered by an admin: what may be entered, and the table the
 * console shows (published years from ./rulesets.ts beside the entered ones). Pure: the server
 * stores the entered years and passes them to every quote (`springFestivalRush`).
 */
import { springFestivalRushByYear } from './rulesets';
import type { Explanation, RushPeriod } from './types';

export type RushPeriodProblemCode =
  'invalid-date' | 'outside-year' | 'start-after-end' | 'overlaps' | 'published' | 'already-entered';
export type RushPeriodProblem = { code: RushPeriodProblemCode; message: Explanation };

const say = (zh: string, en: string): Explanation => ({ 'zh-CN': zh, en });

function realDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

/** The published dates of a year in ./rulesets.ts, or null (not published, or not in the table). */
export function publishedRushPeriod(year: number): RushPeriod | null {
  const published = springFestivalRushByYear[year];
  return published && published !== 'not-published' ? { year, ...published } : null;
}

/**
 * Why `period` may not be entered, or null. A rush always falls within January to March of its
 * year (40 days around 春节, which is between Jan 21 and Feb 20); start ≤ end; no overlap with
 * another year's period; a year with published dates, or one already entered, is replaced only
 * when the admin says so (`replace`), never silently.
 */
export function rushPeriodProblem(
  period: RushPeriod,
  entered: readonly RushPeriod[],
  options: { replace: boolean },
): RushPeriodProblem | null {
  const { year, from, to } = period;
  if (!realDate(from) || !realDate(to)) {
    return {
      code: 'invalid-date',
      message: say(
        `日期须为有效的 YYYY-MM-DD：${from}、${to}`,
        `Dates must be real days as YYYY-MM-DD: ${from}, ${to}`,
      ),
    };
  }
  const first = `${year}-01-01`;
  const last = `${year}-03-31`;
  if (from < first || to > last) {
    return {
      code: 'outside-year',
      message: say(
        `${year}年春运须在 ${first} 至 ${last} 之间`,
        `The ${year} rush must fall between ${first} and ${last}`,
      ),
    };
  }
  if (from > to) {
    return {
      code: 'start-after-end',
      message: say(`开始日期 ${from} 晚于结束日期 ${to}`, `The start ${from} is after the end ${to}`),
    };
  }
  const others = [...knownRushPeriods(entered)].filter(
    (p): p is RushPeriod & { source: 'published' | 'entered' } => p.source !== 'not-published' && p.year !== year,
  );
  // Cannot happen while each year stays within its own January to March; kept so a wider range rule could not let two years overlap.
  const overlap = others.find((p) => p.from <= to && from <= p.to);
  if (overlap) {
    return {
      code: 'overlaps',
      message: say(
        `与${overlap.year}年春运（${overlap.from} 至 ${overlap.to}）重叠`,
        `Overlaps the ${overlap.year} rush (${overlap.from} to ${overlap.to})`,
      ),
    };
  }
  if (options.replace) return null;
  const published = publishedRushPeriod(year);
  if (published) {
    return {
      code: 'published',
      message: say(
        `${year}年春运日期已公布（${published.from} 至 ${published.to}）；如需更正，请确认替换`,
        `The ${year} rush dates are published (${published.from} to ${published.to}); confirm that you replace them`,
      ),
    };
  }
  const earlier = entered.find((p) => p.year === year);
  if (earlier) {
    return {
      code: 'already-entered',
      message: say(
        `${year}年春运日期已录入（${earlier.from} 至 ${earlier.to}）；如需更正，请确认替换`,
        `The ${year} rush dates were already entered (${earlier.from} to ${earlier.to}); confirm that you replace them`,
      ),
    };
  }
  return null;
}

export type KnownRushPeriod =
  (RushPeriod & { source: 'published' | 'entered' }) | { year: number; source: 'not-published'; from: null; to: null };

/** Every year the console knows, oldest first: an entered year wins over the published table, as in springFestivalRushFor. */
export function knownRushPeriods(entered: readonly RushPeriod[]): KnownRushPeriod[] {
  const years = new Set([...Object.keys(springFestivalRushByYear).map(Number), ...entered.map((p) => p.year)]);
  return [...years]
    .sort((a, b) => a - b)
    .map((year): KnownRushPeriod => {
      const mine = entered.find((p) => p.year === year);
      if (mine) return { ...mine, source: 'entered' };
      const published = publishedRushPeriod(year);
      return published
        ? { ...published, source: 'published' }
        : { year, source: 'not-published', from: null, to: null };
    });
}
