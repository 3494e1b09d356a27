import { describe, expect, it } from 'vitest';
import { dueLevel, formatDate, formatDateTime, formatFen, formatSpan, formatTime, parseYuanToFen } from './format';

describe('money', () => {
  it('shows fen as yuan with two decimals', () => {
    expect(formatFen(55300)).toBe('¥553.00');
    expect(formatFen(2750)).toBe('¥27.50');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(-1250)).toBe('-¥12.50');
    expect(formatFen(123456789)).toBe('¥1,234,567.89');
  });

  it('reads yuan typed by an agent as fen, refusing anything else', () => {
    expect(parseYuanToFen('12.5')).toBe(1250);
    expect(parseYuanToFen(' 553 ')).toBe(55300);
    expect(parseYuanToFen('0.05')).toBe(5);
    expect(parseYuanToFen('1.234')).toBeNull();
    expect(parseYuanToFen('-3')).toBeNull();
    expect(parseYuanToFen('abc')).toBeNull();
  });
});

describe('time', () => {
  it('shows instants in Beijing time whatever the offset they came with', () => {
    expect(formatDateTime('2026-05-20T00:00:00.000Z')).toBe('2026-05-20 08:00');
    expect(formatDateTime('2026-05-19T23:30:00+08:00')).toBe('2026-05-19 23:30');
    expect(formatDateTime('2026-05-19T16:30:00Z')).toBe('2026-05-20 00:30');
    expect(formatDate('2026-12-31T16:05:00Z')).toBe('2027-01-01');
    expect(formatTime('2026-12-31T16:05:00Z')).toBe('00:05');
  });

  it('words spans in the two largest units', () => {
    const t = (key: string, values: Record<string, number>) => `${key}:${Object.values(values).join(',')}`;
    expect(formatSpan(t, 2 * 86_400_000 + 3 * 3_600_000)).toBe('duration.daysHours:2,3');
    expect(formatSpan(t, 3_600_000 + 5 * 60_000)).toBe('duration.hoursMinutes:1,5');
    expect(formatSpan(t, 12 * 60_000 + 30_000)).toBe('duration.minutes:12');
    expect(formatSpan(t, 30_000)).toBe('duration.seconds:30');
  });

  it('turns due times amber under 15 minutes and red once passed', () => {
    const now = Date.parse('2026-05-10T00:00:00Z');
    expect(dueLevel(null, now)).toBe('none');
    expect(dueLevel('2026-05-10T00:30:00Z', now)).toBe('ok');
    expect(dueLevel('2026-05-10T00:15:00Z', now)).toBe('ok');
    expect(dueLevel('2026-05-10T00:14:59Z', now)).toBe('soon');
    expect(dueLevel('2026-05-09T23:59:59Z', now)).toBe('overdue');
  });
});
