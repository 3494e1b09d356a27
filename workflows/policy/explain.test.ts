import { describe, expect, it } from 'vitest';
import { changeTotal, eventStart, railDeparture, tierBand, timeLeft } from './explain';
import type { FeeTier } from './rulesets';

const tiers: FeeTier[] = [
  { minHoursBefore: 192, feePct: 0 },
  { minHoursBefore: 48, feePct: 5 },
  { minHoursBefore: 24, feePct: 10 },
  { minHoursBefore: 0, feePct: 20 },
];

describe('explanation phrases', () => {
  it('names each tier band in both languages', () => {
    expect(tierBand(tiers, 0)).toEqual({ 'zh-CN': '8天以上', en: '8 days or more' });
    expect(tierBand(tiers, 1)).toEqual({ 'zh-CN': '48小时以上、不足8天', en: '48 h to under 8 days' });
    expect(tierBand(tiers, 2)).toEqual({ 'zh-CN': '24小时以上、不足48小时', en: '24 h to under 48 h' });
    expect(tierBand(tiers, 3)).toEqual({ 'zh-CN': '不足24小时', en: 'under 24 h' });
  });

  it('words the time left before and after departure', () => {
    expect(timeLeft(5 * 1440, railDeparture)).toEqual({
      'zh-CN': '距开车 5天0小时',
      en: '5 days 0 h before departure',
    });
    expect(timeLeft(30 * 60, railDeparture)).toEqual({ 'zh-CN': '距开车 1天6小时', en: '1 day 6 h before departure' });
    expect(timeLeft(95, eventStart)).toEqual({
      'zh-CN': '距开演 1小时35分钟',
      en: '1 h 35 min before the show starts',
    });
    expect(timeLeft(-61, railDeparture)).toEqual({ 'zh-CN': '开车后 1小时1分钟', en: '1 h 1 min after departure' });
  });

  it('words the total of a change', () => {
    expect(changeTotal(2750).en).toBe('total to pay ¥27.50');
    expect(changeTotal(-15750)['zh-CN']).toBe('合计应退 ¥157.50');
    expect(changeTotal(0).en).toBe('nothing to pay or refund');
  });
});
