/**
 * Working days in mainland China, for the air refund deadline ("within 7 working days of a valid
 * application"). Calendar days are Asia/Shanghai (fixed +08:00, see ./time.ts).
 */
import { PolicyError } from './errors';
import { addCalendarDays, assertCalendarDate, dayOfWeek, endOfShanghaiDay, parseInstant, shanghaiDate } from './time';

type HolidayArrangement = { name: string; off: { from: string; to: string }; workedWeekendDays: string[] };

/**
 * Source: 国务院办公厅关于2026年部分节假日安排的通知 (State Council General Office, 2026 public
 * holidays): days off and the weekend days worked in exchange (调休). Add a year's table when the
 * State Council publishes it; years without one fall back to Monday–Friday.
 */
const holidayArrangements: Record<number, HolidayArrangement[]> = {
  2026: [
    { name: '元旦', off: { from: '2026-01-01', to: '2026-01-03' }, workedWeekendDays: ['2026-01-04'] },
    { name: '春节', off: { from: '2026-02-15', to: '2026-02-23' }, workedWeekendDays: ['2026-02-14', '2026-02-28'] },
    { name: '清明节', off: { from: '2026-04-04', to: '2026-04-06' }, workedWeekendDays: [] },
    { name: '劳动节', off: { from: '2026-05-01', to: '2026-05-05' }, workedWeekendDays: ['2026-05-09'] },
    { name: '端午节', off: { from: '2026-06-19', to: '2026-06-21' }, workedWeekendDays: [] },
    { name: '中秋节', off: { from: '2026-09-25', to: '2026-09-27' }, workedWeekendDays: [] },
    { name: '国庆节', off: { from: '2026-10-01', to: '2026-10-07' }, workedWeekendDays: ['2026-09-20', '2026-10-10'] },
  ],
};

/** Whether a Shanghai calendar day (YYYY-MM-DD) is a working day. */
export function isWorkingDay(date: string): boolean {
  assertCalendarDate(date, 'date');
  const arrangements = holidayArrangements[Number(date.slice(0, 4))] ?? [];
  for (const a of arrangements) {
    if (a.off.from <= date && date <= a.off.to) return false;
    if (a.workedWeekendDays.includes(date)) return true;
  }
  const weekday = dayOfWeek(date);
  return weekday !== 0 && weekday !== 6;
}

/** Enough for any deadline the rules set; guards the loop against absurd input. */
const MAX_DAYS = 3_660;

/**
 * The end (23:59:59+08:00) of the Nth working day after the Shanghai day of `instant`; the
 * application's own day does not count. 0 returns the end of the application's day.
 */
export function addWorkingDays(instant: string, days: number): string {
  if (!Number.isInteger(days) || days < 0 || days > MAX_DAYS) {
    throw new PolicyError('INVALID_DAYS', 'days', days, {
      en: `days must be a whole number from 0 to ${MAX_DAYS}; got ${String(days)}`,
      'zh-CN': `天数必须是 0 到 ${MAX_DAYS} 之间的整数；收到 ${String(days)}`,
    });
  }
  let date = shanghaiDate(parseInstant(instant, 'instant'));
  let counted = 0;
  while (counted < days) {
    date = addCalendarDays(date, 1);
    if (isWorkingDay(date)) counted += 1;
  }
  return endOfShanghaiDay(date);
}
