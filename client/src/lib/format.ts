/** Everyone on the desk works in Beijing time, whatever the browser's zone. */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';

// The platform's own time zone data (Intl) rather than a date library: the formats are fixed
// (no month names), and it keeps the first load small.
const shanghaiParts = new Intl.DateTimeFormat('en-US', {
  timeZone: DISPLAY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function partsInShanghai(iso: string): Record<'year' | 'month' | 'day' | 'hour' | 'minute', string> {
  const parts = Object.fromEntries(shanghaiParts.formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
  return {
    year: parts.year ?? '',
    month: parts.month ?? '',
    day: parts.day ?? '',
    hour: parts.hour ?? '',
    minute: parts.minute ?? '',
  };
}

/** Integer fen as yuan with two decimals: 55300 → ¥553.00, -1250 → -¥12.50. */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.round(fen));
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}¥${yuan}.${cents}`;
}

/** Yuan as typed by an agent ("12.5", "12.50") to integer fen; null when it is not an amount. */
export function parseYuanToFen(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+(\.\d{1,2})?$/.test(trimmed)) return null;
  const [whole, frac = ''] = trimmed.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** 2026-05-20 08:00 in Beijing time. */
export function formatDateTime(iso: string): string {
  const p = partsInShanghai(iso);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

export function formatDate(iso: string): string {
  const p = partsInShanghai(iso);
  return `${p.year}-${p.month}-${p.day}`;
}

export function formatTime(iso: string): string {
  const p = partsInShanghai(iso);
  return `${p.hour}:${p.minute}`;
}

export type DurationParts = { days: number; hours: number; minutes: number; seconds: number };

/** Splits a non-negative span of milliseconds into whole days, hours, minutes and seconds. */
export function durationParts(ms: number): DurationParts {
  const total = Math.max(0, Math.floor(ms / 1000));
  return {
    days: Math.floor(total / 86_400),
    hours: Math.floor((total % 86_400) / 3600),
    minutes: Math.floor((total % 3600) / 60),
    seconds: total % 60,
  };
}

export type DueLevel = 'none' | 'ok' | 'soon' | 'overdue';

/** Due times turn amber under 15 minutes and red once passed. */
export const DUE_SOON_MS = 15 * 60 * 1000;

export function dueLevel(nextDueAt: string | null, now: number): DueLevel {
  if (!nextDueAt) return 'none';
  const left = new Date(nextDueAt).getTime() - now;
  if (left < 0) return 'overdue';
  if (left < DUE_SOON_MS) return 'soon';
  return 'ok';
}

type Translate = (key: string, values: Record<string, number>) => string;

/** A span of time in the two largest units, worded by the catalogue: "2小时5分" / "2h 5m". */
export function formatSpan(t: Translate, ms: number): string {
  const { days, hours, minutes, seconds } = durationParts(ms);
  if (days > 0) return t('duration.daysHours', { d: days, h: hours });
  if (hours > 0) return t('duration.hoursMinutes', { h: hours, m: minutes });
  if (minutes > 0) return t('duration.minutes', { m: minutes });
  return t('duration.seconds', { s: seconds });
}

/** A countdown under an hour as mm:ss, longer ones in words. */
export function formatCountdown(t: Translate, ms: number): string {
  if (ms < 3_600_000) {
    const { minutes, seconds } = durationParts(ms);
    return `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
  }
  return formatSpan(t, ms);
}
