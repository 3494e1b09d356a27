/**
 * Asia/Shanghai time, the one place it is defined. China has kept +08:00 all year since 1991 (no
 * daylight saving), so Shanghai time is a fixed offset: plain arithmetic, no tz database. Policy,
 * machines, server queries, seed and tests all take Shanghai days and dates from here.
 */
export const SHANGHAI_OFFSET_MINUTES = 8 * 60;
export const SHANGHAI_OFFSET_MS = SHANGHAI_OFFSET_MINUTES * 60_000;
const DAY_MS = 86_400_000;

type InstantLike = number | Date | string;

function epochMs(at: InstantLike): number {
  const ms = typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (Number.isNaN(ms)) throw new Error(`not an instant: ${String(at)}`);
  return ms;
}

/** The wall-clock reading in Shanghai: month 1-12. */
export type ShanghaiDateParts = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
};

export function shanghaiDateParts(at: InstantLike): ShanghaiDateParts {
  const local = new Date(epochMs(at) + SHANGHAI_OFFSET_MS);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

/** The Shanghai calendar day (YYYY-MM-DD) an instant falls on. */
export function shanghaiDate(at: InstantLike): string {
  return new Date(epochMs(at) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Shanghai wall-clock reading of an instant, as shown to people: "2026-05-19 10:05". */
export function shanghaiDateTime(at: InstantLike): string {
  return new Date(epochMs(at) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** Epoch ms of 00:00 in Shanghai on the day the instant falls on there. */
export function startOfShanghaiDay(at: InstantLike): number {
  const local = epochMs(at) + SHANGHAI_OFFSET_MS;
  return local - (((local % DAY_MS) + DAY_MS) % DAY_MS) - SHANGHAI_OFFSET_MS;
}

/** Epoch ms of 00:00 in Shanghai on a calendar day given as YYYY-MM-DD. */
export function shanghaiMidnight(date: string): number {
  const ms = Date.parse(`${date}T00:00:00+08:00`);
  if (Number.isNaN(ms)) throw new Error(`not a calendar date: ${date}`);
  return ms;
}

/**
 * The start (Oct 1, 00:00 Shanghai) of the academic year an instant falls in: the rail student
 * discount counts trips per academic year, Oct 1 - Sep 30.
 */
export function academicYearStart(at: InstantLike): number {
  const { year, month } = shanghaiDateParts(at);
  return shanghaiMidnight(`${month >= 10 ? year : year - 1}-10-01`);
}

/** An instant written in Shanghai time with its offset: `2026-05-20T08:00:00+08:00`. */
export function toShanghaiIso(at: InstantLike): string {
  return new Date(epochMs(at) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19) + '+08:00';
}

/** A Shanghai wall-clock time as an instant string: ("2026-05-20", "08:00") → `2026-05-20T08:00:00+08:00`. */
export function shanghaiInstant(date: string, time = '00:00:00'): string {
  return `${date}T${time.length === 5 ? `${time}:00` : time}+08:00`;
}

/** The last second of a Shanghai calendar day, as an instant string. */
export function endOfShanghaiDay(date: string): string {
  return shanghaiInstant(date, '23:59:59');
}
