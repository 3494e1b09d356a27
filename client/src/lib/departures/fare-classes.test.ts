import { describe, expect, it } from 'vitest';
import { departureRoute } from './departure-route';
import { fareClassName } from './fare-classes';

describe('fare class names', () => {
  const departureNames = new Map([
    ['O', '二等座'],
    ['VIP', '内场VIP'],
  ]);

  it("takes the departure's own name in Chinese and the known name without it", () => {
    expect(fareClassName('O', { mode: 'rail', names: departureNames, language: 'zh-CN' })).toBe('二等座');
    expect(fareClassName('A9', { mode: 'rail', names: null, language: 'zh-CN' })).toBe('商务座');
    expect(fareClassName('Y', { mode: 'air', names: null, language: 'zh-CN' })).toBe('经济舱全价');
  });

  it('names the codes in English, where departures only carry Chinese names', () => {
    expect(fareClassName('O', { mode: 'rail', names: departureNames, language: 'en' })).toBe('Second class');
    expect(fareClassName('M', { mode: 'rail', names: null, language: 'en' })).toBe('First class');
    // The same letter is a different class by air.
    expect(fareClassName('M', { mode: 'air', names: null, language: 'en' })).toBe('Economy (M)');
  });

  it("uses an event's own tier names and gives up on codes nothing names", () => {
    expect(fareClassName('VIP', { mode: 'event', names: departureNames, language: 'en' })).toBe('内场VIP');
    expect(fareClassName('VIP', { mode: 'event', names: null, language: 'zh-CN' })).toBeNull();
    expect(fareClassName('Q9', { mode: 'rail', names: null, language: 'zh-CN' })).toBeNull();
  });
});

describe('departure routes', () => {
  it('reads a journey from origin to destination and a show as its title at its venue', () => {
    expect(departureRoute({ mode: 'rail', origin: '北京南', destination: '上海虹桥' })).toBe('北京南 → 上海虹桥');
    expect(departureRoute({ mode: 'event', origin: '国家体育场', destination: '星河巡回演唱会 北京站' })).toBe(
      '星河巡回演唱会 北京站 · 国家体育场',
    );
  });
});
