import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay } from './calendar';
import { PolicyError } from './errors';

describe('isWorkingDay, 2026 (State Council arrangement)', () => {
  it.each([
    // holidays
    ['2026-01-01', false],
    ['2026-01-02', false],
    ['2026-01-03', false],
    ['2026-02-15', false],
    ['2026-02-16', false],
    ['2026-02-23', false], // a Monday off
    ['2026-04-04', false],
    ['2026-04-06', false],
    ['2026-05-01', false],
    ['2026-05-05', false],
    ['2026-06-19', false],
    ['2026-06-21', false],
    ['2026-09-25', false],
    ['2026-09-27', false],
    ['2026-10-01', false],
    ['2026-10-07', false],
    // weekend days worked (调休)
    ['2026-01-04', true],
    ['2026-02-14', true],
    ['2026-02-28', true],
    ['2026-05-09', true],
    ['2026-09-20', true],
    ['2026-10-10', true],
    // ordinary days
    ['2026-02-24', true],
    ['2026-05-06', true],
    ['2026-05-16', false], // Saturday
    ['2026-05-17', false], // Sunday
    ['2026-10-08', true],
  ])('%s → %s', (date, working) => {
    expect(isWorkingDay(date)).toBe(working);
  });

  it('falls back to Monday–Friday outside 2026', () => {
    expect(isWorkingDay('2025-12-31')).toBe(true); // Wednesday
    expect(isWorkingDay('2027-01-02')).toBe(false); // Saturday
    expect(isWorkingDay('2027-01-04')).toBe(true); // Monday
  });

  it('refuses a malformed date', () => {
    expect(() => isWorkingDay('2026-13-01')).toThrow(PolicyError);
    expect(() => isWorkingDay('20260101')).toThrow(PolicyError);
  });
});

describe('addWorkingDays', () => {
  it('counts from the day after the application and ends at 23:59:59+08:00', () => {
    expect(addWorkingDays('2026-05-12T10:00:00+08:00', 1)).toBe('2026-05-13T23:59:59+08:00');
    expect(addWorkingDays('2026-05-15T10:00:00+08:00', 1)).toBe('2026-05-18T23:59:59+08:00'); // Fri → Mon
  });

  it('takes the application day in Asia/Shanghai', () => {
    // 2026-05-14T17:00Z is Friday 01:00 in Shanghai
    expect(addWorkingDays('2026-05-14T17:00:00Z', 1)).toBe('2026-05-18T23:59:59+08:00');
  });

  it('skips the Spring Festival and counts the worked Saturdays', () => {
    // Thu Feb 12: 13, 14 (Sat, worked), 24, 25, 26, 27, 28 (Sat, worked)
    expect(addWorkingDays('2026-02-12T10:00:00+08:00', 7)).toBe('2026-02-28T23:59:59+08:00');
  });

  it('skips National Day', () => {
    // Mon Sep 28: 29, 30, Oct 8, 9, 10 (Sat, worked), 12, 13
    expect(addWorkingDays('2026-09-28T10:00:00+08:00', 7)).toBe('2026-10-13T23:59:59+08:00');
  });

  it('crosses into a year without a table using Monday–Friday', () => {
    // Wed 2026-12-30: 31, then 2027-01-01 (Fri), 04, 05, 06, 07, 08
    expect(addWorkingDays('2026-12-30T10:00:00+08:00', 7)).toBe('2027-01-08T23:59:59+08:00');
  });

  it('0 days is the end of the application day', () => {
    expect(addWorkingDays('2026-05-16T10:00:00+08:00', 0)).toBe('2026-05-16T23:59:59+08:00');
  });

  it('refuses bad input', () => {
    expect(() => addWorkingDays('2026-05-12T10:00:00+08:00', -1)).toThrow(PolicyError);
    expect(() => addWorkingDays('2026-05-12T10:00:00+08:00', 1.5)).toThrow(PolicyError);
    expect(() => addWorkingDays('2026-05-12 10:00', 7)).toThrow(PolicyError);
  });
});
