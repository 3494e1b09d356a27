import { describe, expect, it } from 'vitest';
import { parseAnchor, seedClock, startOfShanghaiDay } from './time';

describe('startOfShanghaiDay', () => {
  it('is 00:00+08:00 of the Shanghai day, also when UTC is still on the day before', () => {
    expect(startOfShanghaiDay(new Date('2026-05-10T15:30:00+08:00')).toISOString()).toBe('2026-05-09T16:00:00.000Z');
    expect(startOfShanghaiDay(new Date('2026-05-09T17:00:00Z')).toISOString()).toBe('2026-05-09T16:00:00.000Z');
    expect(startOfShanghaiDay(new Date('2026-05-09T15:59:59Z')).toISOString()).toBe('2026-05-08T16:00:00.000Z');
  });
});

describe('parseAnchor', () => {
  const now = new Date('2026-05-10T07:15:00Z');
  it('reads a day, an instant with an offset, and "now"', () => {
    expect(parseAnchor('2026-05-10', now).toISOString()).toBe('2026-05-09T16:00:00.000Z');
    expect(parseAnchor('2026-05-10T09:30:00+08:00', now).toISOString()).toBe('2026-05-10T01:30:00.000Z');
    expect(parseAnchor('now', now)).toEqual(now);
  });

  it('refuses dates that do not exist and instants without an offset', () => {
    expect(() => parseAnchor('2026-02-30', now)).toThrow(/Cannot read the anchor/);
    expect(() => parseAnchor('2026-05-10T09:30:00', now)).toThrow(/Cannot read the anchor/);
    expect(() => parseAnchor('tomorrow', now)).toThrow(/"now", a day/);
  });
});

describe('seedClock', () => {
  it('moves only when told', () => {
    const clock = seedClock(new Date('2026-05-10T00:00:00Z'));
    clock.advance(90_000);
    expect(clock.now().toISOString()).toBe('2026-05-10T00:01:30.000Z');
    clock.set(new Date('2026-05-09T00:00:00Z'));
    expect(clock.now().toISOString()).toBe('2026-05-09T00:00:00.000Z');
  });
});
