/**
 * The seed's notion of time. Everything it writes is placed relative to one anchor instant (by
 * default the start of today in Asia/Shanghai): the anchor is "now" in the seeded world, so the
 * same anchor always gives the same data.
 */
import { shanghaiDate, shanghaiMidnight, startOfShanghaiDay as shanghaiDayStart } from '../workflows/time/shanghai';

const HOUR_MS = 3_600_000;

export const MINUTE = 60_000;
export const HOUR = HOUR_MS;
export const DAY = 24 * HOUR_MS;

/** 00:00 in Asia/Shanghai on the day `at` falls on there. */
export function startOfShanghaiDay(at: Date): Date {
  return new Date(shanghaiDayStart(at));
}

/**
 * Reads an anchor as people write it: "now", a calendar day (YYYY-MM-DD, its start in
 * Asia/Shanghai) or an ISO instant with an offset. Throws with the accepted forms otherwise.
 */
export function parseAnchor(text: string, now: Date): Date {
  const trimmed = text.trim();
  if (trimmed === 'now') return new Date(now);
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) {
    const day = Date.parse(`${trimmed}T00:00:00+08:00`);
    // Date is lenient (Feb 30 becomes Mar 2): accept the day only if it reads back the same.
    if (!Number.isNaN(day) && shanghaiDate(day) === trimmed) return new Date(shanghaiMidnight(trimmed));
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(trimmed)) {
    const instant = new Date(trimmed);
    if (!Number.isNaN(instant.getTime())) return instant;
  }
  throw new Error(
    `Cannot read the anchor "${text}": use "now", a day like 2026-05-10, or an instant like 2026-05-10T09:00:00+08:00.`,
  );
}

export function addMs(at: Date, ms: number): Date {
  return new Date(at.getTime() + ms);
}

/** A clock the seed moves by hand: the case engine reads it as `deps.now`. */
export type SeedClock = {
  now: () => Date;
  set(at: Date): void;
  advance(ms: number): void;
};

export function seedClock(start: Date): SeedClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set(at) {
      current = at.getTime();
    },
    advance(ms) {
      current += ms;
    },
  };
}
