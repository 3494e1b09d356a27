/**
 * Aggregation expressions the report pipelines share: the Shanghai business day of a date field
 * and the group key for each grouping. Shanghai is a fixed +08:00 (workflows/time/shanghai.ts),
 * so the day is the UTC date of the instant moved eight hours on: no tz database needed.
 */
import { SHANGHAI_OFFSET_MS } from '../../../workflows/time/shanghai';
import type { ReportGrouping } from '../../../shared/reports';

export const DAY_MS = 86_400_000;

export const shanghaiDayOf = (field: string) => ({
  $dateToString: { format: '%Y-%m-%d', date: { $add: [field, SHANGHAI_OFFSET_MS] } },
});

/** Where each source keeps the fields a grouping reads. */
export type GroupFields = { at: string; queue: string; agentId: string; agentName: string; channel: string };

/** `{ k, l }`: the group's key and its label (an agent's name); `all` when the report is not grouped. */
export function groupKey(groupBy: ReportGrouping | undefined, f: GroupFields) {
  switch (groupBy) {
    case undefined:
      return { k: 'all', l: 'all' };
    case 'day':
      return { k: shanghaiDayOf(f.at), l: shanghaiDayOf(f.at) };
    case 'queue':
      return { k: f.queue, l: f.queue };
    case 'agent':
      return { k: { $ifNull: [f.agentId, 'none'] }, l: { $ifNull: [f.agentName, 'none'] } };
    case 'channel':
      return { k: f.channel, l: f.channel };
    default: {
      const unreachable: never = groupBy;
      throw new Error(`unknown grouping ${String(unreachable)}`);
    }
  }
}

export const sumIf = (condition: unknown, value: unknown = 1) => ({ $sum: { $cond: [condition, value, 0] } });
export const eq = (a: unknown, b: unknown) => ({ $eq: [a, b] });
export const and = (...xs: unknown[]) => ({ $and: xs });
export const notNull = (x: string) => ({ $ne: [{ $ifNull: [x, null] }, null] });
