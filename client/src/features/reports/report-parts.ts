/**
 * A long range fetched in parts: the range is cut into spans of at most PART_DAYS Shanghai days,
 * each fetched on its own (short requests, progress between them, cancellable), and the parts'
 * sums added up. The sums are additive (workflows/reports/figures.ts), so the figures of the
 * merged report are those of one request over the whole range.
 */
import { addSums, deriveFigures, type FigureSums } from '../../../../workflows/reports/figures';
import type { ReportSummary } from './report-files';

export const PART_DAYS = 31;
const DAY_MS = 86_400_000;

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

export function rangeParts(from: string, to: string, partDays = PART_DAYS): { from: string; to: string }[] {
  const parts: { from: string; to: string }[] = [];
  for (let start = dayNumber(from); start <= dayNumber(to); start += partDays) {
    parts.push({ from: dateOf(start), to: dateOf(Math.min(start + partDays - 1, dayNumber(to))) });
  }
  return parts;
}

export function mergeSummaries(
  parts: readonly ReportSummary[],
  range: { from: string; to: string },
): ReportSummary | null {
  const first = parts[0];
  if (!first) return null;
  let sums: FigureSums = first.sums;
  const groups = new Map<string, { key: string; label: string; sums: FigureSums }>();
  for (const [i, part] of parts.entries()) {
    if (i > 0) sums = addSums(sums, part.sums);
    for (const g of part.groups) {
      const seen = groups.get(g.key);
      groups.set(g.key, { key: g.key, label: g.label, sums: seen ? addSums(seen.sums, g.sums) : g.sums });
    }
  }
  const comments = parts
    .flatMap((p) => p.comments)
    .sort((a, b) => (a.at < b.at ? 1 : -1))
    .slice(0, 20);
  return {
    ...first,
    ...deriveFigures(sums),
    from: range.from,
    to: range.to,
    sums,
    groups: [...groups.values()]
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map((g) => ({ ...g, figures: deriveFigures(g.sums) })),
    comments,
  };
}
