import { describe, expect, it } from 'vitest';
import {
  academicYearStart,
  endOfShanghaiDay,
  shanghaiDate,
  shanghaiDateParts,
  shanghaiInstant,
  shanghaiMidnight,
  startOfShanghaiDay,
  toShanghaiIso,
} from './shanghai';

describe('Shanghai time', () => {
  it('takes the calendar day in Shanghai, not UTC', () => {
    expect(shanghaiDate('2026-05-19T16:00:00Z')).toBe('2026-05-20');
    expect(shanghaiDate('2026-05-19T15:59:59Z')).toBe('2026-05-19');
    expect(shanghaiDate(new Date('2026-05-20T00:00:00+08:00'))).toBe('2026-05-20');
  });

  it('starts the day at 00:00+08:00', () => {
    expect(new Date(startOfShanghaiDay('2026-05-20T23:59:59+08:00')).toISOString()).toBe('2026-05-19T16:00:00.000Z');
    expect(new Date(startOfShanghaiDay('2026-05-20T00:00:00+08:00')).toISOString()).toBe('2026-05-19T16:00:00.000Z');
    expect(startOfShanghaiDay(Date.parse('2026-05-19T23:59:59+08:00'))).toBe(shanghaiMidnight('2026-05-19'));
  });

  it('reads the wall clock', () => {
    expect(shanghaiDateParts('2026-12-31T16:30:05Z')).toEqual({
      year: 2027,
      month: 1,
      day: 1,
      hour: 0,
      minute: 30,
      second: 5,
    });
  });

  it('puts Oct 1 (Shanghai) as the first day of the academic year', () => {
    expect(toShanghaiIso(academicYearStart('2026-10-01T00:00:00+08:00'))).toBe('2026-10-01T00:00:00+08:00');
    expect(toShanghaiIso(academicYearStart('2026-09-30T23:59:59+08:00'))).toBe('2025-10-01T00:00:00+08:00');
    // 2026-09-30T16:00Z is already Oct 1 in Shanghai.
    expect(toShanghaiIso(academicYearStart('2026-09-30T16:00:00Z'))).toBe('2026-10-01T00:00:00+08:00');
    expect(toShanghaiIso(academicYearStart('2027-02-10T12:00:00+08:00'))).toBe('2026-10-01T00:00:00+08:00');
  });

  it('writes instants in Shanghai time with the offset', () => {
    expect(toShanghaiIso('2026-05-19T12:31:00Z')).toBe('2026-05-19T20:31:00+08:00');
    expect(shanghaiInstant('2026-05-19', '20:30')).toBe('2026-05-19T20:30:00+08:00');
    expect(endOfShanghaiDay('2026-05-19')).toBe('2026-05-19T23:59:59+08:00');
  });
});
