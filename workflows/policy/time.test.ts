import { describe, expect, it } from 'vitest';
import { PolicyError } from './errors';
import { addCalendarDays, dayOfWeek, minutesBetween, parseInstant, shanghaiDate } from './time';

describe('parseInstant', () => {
  it('reads offsets and Z', () => {
    expect(parseInstant('2026-05-20T08:00:00+08:00', 't')).toBe(Date.UTC(2026, 4, 20, 0, 0));
    expect(parseInstant('2026-05-20T00:00:00Z', 't')).toBe(Date.UTC(2026, 4, 20, 0, 0));
    expect(parseInstant('2026-05-20T08:00+08:00', 't')).toBe(Date.UTC(2026, 4, 20, 0, 0));
    expect(parseInstant('2026-05-19T19:00:00.123-05:00', 't')).toBe(Date.UTC(2026, 4, 20, 0, 0, 0, 123));
  });

  it.each([
    '2026-05-20T08:00:00',
    '2026-05-20',
    'tomorrow',
    '2026-02-30T08:00:00+08:00',
    '2026-05-20T24:00:00+08:00',
    '',
  ])('refuses %j', (value) => {
    expect(() => parseInstant(value, 'departureAt')).toThrow(PolicyError);
  });

  it('says when the offset is missing', () => {
    try {
      parseInstant('2026-05-20T08:00:00', 'departureAt');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyError);
      const e = error as PolicyError;
      expect(e.code).toBe('INVALID_INPUT');
      expect(e.reason).toBe('INVALID_TIME');
      expect(e.message).toMatch(/no offset/);
      expect(e.details?.['zh-CN']).toMatch(/缺少时区偏移/);
    }
  });

  it('refuses non-strings', () => {
    expect(() => parseInstant(12, 'requestedAt')).toThrow(/requestedAt/);
  });
});

describe('minutesBetween', () => {
  it('measures to the minute, cutting seconds off each instant', () => {
    const a = parseInstant('2026-05-20T07:59:59+08:00', 'a');
    const b = parseInstant('2026-05-20T08:00:00+08:00', 'b');
    expect(minutesBetween(a, b)).toBe(1);
    expect(
      minutesBetween(parseInstant('2026-05-20T07:59:00+08:00', 'a'), parseInstant('2026-05-20T08:00:59+08:00', 'b')),
    ).toBe(1);
    expect(minutesBetween(b, a)).toBe(-1);
  });
});

describe('Shanghai calendar days', () => {
  it('puts an instant on its +08:00 day', () => {
    expect(shanghaiDate(parseInstant('2026-05-19T16:00:00Z', 't'))).toBe('2026-05-20');
    expect(shanghaiDate(parseInstant('2026-05-19T15:59:59Z', 't'))).toBe('2026-05-19');
    expect(shanghaiDate(parseInstant('2026-05-20T23:59:59+08:00', 't'))).toBe('2026-05-20');
  });

  it('adds days across months and years', () => {
    expect(addCalendarDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('knows the weekday', () => {
    expect(dayOfWeek('2026-01-01')).toBe(4); // Thursday
    expect(dayOfWeek('2026-05-20')).toBe(3); // Wednesday
  });
});
