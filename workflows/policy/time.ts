import { PolicyError } from './errors';

/**
 * Instants and calendar-day arithmetic for the rules. Shanghai days come from the one Shanghai-time
 * module (workflows/time/shanghai.ts, fixed +08:00); they are re-exported here for the rule modules.
 */
export { SHANGHAI_OFFSET_MINUTES, endOfShanghaiDay, shanghaiDate, shanghaiDateTime } from '../time/shanghai';
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Epoch milliseconds of an ISO 8601 instant that carries an offset (`Z` or `±HH:MM`). A time
 * without an offset is refused: it would silently depend on the server's zone.
 */
export function parseInstant(value: unknown, field: string): number {
  const refuse = (why: { en: string; 'zh-CN': string }): never => {
    throw new PolicyError('INVALID_TIME', field, value, why);
  };
  if (typeof value !== 'string') {
    return refuse({
      en: `${field} must be an ISO 8601 time with an offset, e.g. 2026-05-20T08:00:00+08:00`,
      'zh-CN': `${field} 必须是带时区偏移的 ISO 8601 时间，例如 2026-05-20T08:00:00+08:00`,
    });
  }
  const m = ISO_INSTANT.exec(value);
  if (!m) {
    const noOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value);
    return refuse(
      noOffset
        ? {
            en: `${field} "${value}" has no offset; add Z or +08:00 so the time is unambiguous`,
            'zh-CN': `${field}「${value}」缺少时区偏移，请加上 Z 或 +08:00`,
          }
        : {
            en: `${field} "${value}" is not an ISO 8601 time with an offset, e.g. 2026-05-20T08:00:00+08:00`,
            'zh-CN': `${field}「${value}」不是带时区偏移的 ISO 8601 时间，例如 2026-05-20T08:00:00+08:00`,
          },
    );
  }
  const [, y, mo, d, h, mi, s, frac, zone, sign, oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s ?? '0');
  const offsetH = Number(oh ?? '0');
  const offsetM = Number(om ?? '0');
  const valid =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetH <= 14 &&
    offsetM <= 59;
  if (!valid) {
    return refuse({
      en: `${field} "${value}" is not a real date and time`,
      'zh-CN': `${field}「${value}」不是有效的日期时间`,
    });
  }
  const ms = Number((frac ?? '0').padEnd(3, '0').slice(0, 3));
  const offsetMinutes = zone === 'Z' ? 0 : (sign === '-' ? -1 : 1) * (offsetH * 60 + offsetM);
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * MINUTE_MS;
}

/**
 * Whole minutes from `from` to `to`. Both instants are first cut to their minute, because the
 * rules measure time left "to the minute" (a clock reading, not a stopwatch).
 */
export function minutesBetween(fromMs: number, toMs: number): number {
  return Math.floor(toMs / MINUTE_MS) - Math.floor(fromMs / MINUTE_MS);
}

/** Epoch ms of a calendar day's UTC midnight; only used for day arithmetic on YYYY-MM-DD. */
function dateToUtcMs(date: string, field: string): number {
  const m = ISO_DATE.exec(date);
  const year = Number(m?.[1]);
  const month = Number(m?.[2]);
  const day = Number(m?.[3]);
  if (!m || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new PolicyError('INVALID_DATE', field, date, {
      en: `${field} "${date}" is not a calendar date in the form YYYY-MM-DD`,
      'zh-CN': `${field}「${date}」不是 YYYY-MM-DD 格式的有效日期`,
    });
  }
  return Date.UTC(year, month - 1, day);
}

/** Checks a YYYY-MM-DD string is a real calendar date (throws PolicyError otherwise). */
export function assertCalendarDate(date: string, field: string): void {
  dateToUtcMs(date, field);
}

export function addCalendarDays(date: string, days: number): string {
  return new Date(dateToUtcMs(date, 'date') + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return new Date(dateToUtcMs(date, 'date')).getUTCDay();
}
