import { describe, expect, it } from 'vitest';
import { createRandom } from './random';
import { DEPARTURE_COUNT, generateDepartures } from './departures';
import { DAY, HOUR } from './time';

const anchor = new Date('2026-05-10T00:00:00+08:00');
const departures = generateDepartures(createRandom('departures'), anchor);

/** The refund bands of the rail rules, seen from the anchor. */
function band(at: Date): string {
  const hours = (at.getTime() - anchor.getTime()) / HOUR;
  if (hours < 0) return 'departed';
  if (hours < 24) return 'under 24 h';
  if (hours < 48) return '24-48 h';
  if (hours < 192) return '48 h-8 d';
  return '8 d or more';
}

describe('generateDepartures', () => {
  it('makes fifty trains, flights and shows with unique ids', () => {
    expect(departures).toHaveLength(50);
    expect(DEPARTURE_COUNT).toBe(50);
    expect(new Set(departures.map((d) => d._id)).size).toBe(50);
    const modes = new Set(departures.map((d) => d.mode));
    expect(modes).toEqual(new Set(['rail', 'air', 'event']));
  });

  it('spreads them from the evening before the anchor to 60 days after, over every refund band', () => {
    for (const mode of ['rail', 'air', 'event'] as const) {
      const bands = new Set(departures.filter((d) => d.mode === mode).map((d) => band(d.departureAt)));
      expect(bands, mode).toEqual(new Set(['departed', 'under 24 h', '24-48 h', '48 h-8 d', '8 d or more']));
    }
    for (const d of departures) {
      expect(d.departureAt.getTime()).toBeGreaterThan(anchor.getTime() - DAY);
      expect(d.departureAt.getTime()).toBeLessThanOrEqual(anchor.getTime() + 61 * DAY);
    }
    // 12306 sells 15 days ahead.
    for (const d of departures.filter((x) => x.mode === 'rail'))
      expect(d.departureAt.getTime()).toBeLessThan(anchor.getTime() + 15 * DAY);
  });

  it('prices rail classes in half-yuan steps and names them as 12306 does', () => {
    for (const d of departures.filter((x) => x.mode === 'rail')) {
      expect(d.code).toMatch(/^[GD]\d+$/);
      expect(d.ruleSet).toBe('cn-rail');
      expect(d.classes.map((c) => c.code).slice(0, 2)).toEqual(['O', 'M']);
      expect(d.classes.find((c) => c.code === 'O')?.name).toBe('二等座');
      for (const c of d.classes) expect(c.priceFen % 50).toBe(0);
    }
    const route = departures.find((d) => d.origin === '北京南' && d.destination === '上海虹桥');
    expect(route?.classes.find((c) => c.code === 'O')?.priceFen).toBe(55_300);
  });

  it('sells flights in the airline fare classes and shows by tier, real-name from 5,000 approved attendees', () => {
    for (const d of departures.filter((x) => x.mode === 'air')) {
      expect(d.code).toMatch(/^(MU|CA|CZ)\d+$/);
      expect(d.classes.map((c) => c.code)).toEqual(['F', 'C', 'W', 'Y', 'D', 'M', 'H', 'U', 'L', 'E', 'V', 'Z', 'T']);
      for (const c of d.classes) expect(Number.isInteger(c.priceFen) && c.priceFen > 0).toBe(true);
    }
    const shows = departures.filter((x) => x.mode === 'event');
    expect(new Set(shows.map((d) => d.organizer))).toEqual(new Set(['poly-theatre', 'default']));
    for (const d of shows) {
      const seats = d.classes.reduce((sum, c) => sum + c.capacity, 0);
      expect(d.approvedCapacity, d.code).toBeGreaterThanOrEqual(seats);
      expect(d.realName, d.code).toBe((d.approvedCapacity ?? 0) >= 5_000);
    }
    expect(shows.some((d) => d.realName)).toBe(true);
  });
});
