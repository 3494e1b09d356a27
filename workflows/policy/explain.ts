/**
 * Bilingual phrases the quotes are built from, so every rule set words durations, tiers and fees
 * the same way. Each function returns both languages; callers join them clause by clause.
 */
import type { Explanation } from './types';
import type { FeeTier } from './rulesets';
import { formatCentiFenAsYuan, formatYuan, type PercentFee } from './rounding';

export type Phrase = Explanation;

/** Join clauses with the language's comma. */
export function clauses(...parts: (Phrase | null | undefined)[]): Phrase {
  const present = parts.filter((p): p is Phrase => p != null);
  return {
    'zh-CN': present.map((p) => p['zh-CN']).join('，'),
    en: present.map((p) => p.en).join('; '),
  };
}

export function phrase(zh: string, en: string): Phrase {
  return { 'zh-CN': zh, en };
}

/** The word for "departure" in each mode: a train leaves (开车), a flight takes off (起飞), a show starts (开演). */
export type DepartureWord = { zh: string; en: string };
export const railDeparture: DepartureWord = { zh: '开车', en: 'departure' };
export const airDeparture: DepartureWord = { zh: '起飞', en: 'departure' };
export const eventStart: DepartureWord = { zh: '开演', en: 'the show starts' };

function duration(minutes: number): Phrase {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return phrase(`${days}天${hours}小时`, `${days} ${days === 1 ? 'day' : 'days'} ${hours} h`);
  return phrase(`${hours}小时${mins}分钟`, `${hours} h ${mins} min`);
}

/** "距开车 5天0小时" / "5 days 0 h before departure"; after departure "开车后 1小时5分钟" / "1 h 5 min after departure". */
export function timeLeft(minutesLeft: number, word: DepartureWord): Phrase {
  const d = duration(Math.abs(minutesLeft));
  if (minutesLeft >= 0) return phrase(`距${word.zh} ${d['zh-CN']}`, `${d.en} before ${word.en}`);
  return phrase(`${word.zh}后 ${d['zh-CN']}`, `${d.en} after ${word.en}`);
}

function hoursLabel(hours: number): Phrase {
  if (hours >= 168 && hours % 24 === 0) {
    const days = hours / 24;
    return phrase(`${days}天`, `${days} days`);
  }
  return phrase(`${hours}小时`, `${hours} h`);
}

/** The band a tier covers: "48小时以上、不足8天" / "48 h to under 8 days". */
export function tierBand(tiers: readonly FeeTier[], index: number): Phrase {
  const tier = tiers[index];
  if (!tier) throw new Error(`no tier ${index}`);
  const upper = tiers[index - 1];
  const low = hoursLabel(tier.minHoursBefore);
  if (!upper) return phrase(`${low['zh-CN']}以上`, `${low.en} or more`);
  const high = hoursLabel(upper.minHoursBefore);
  if (tier.minHoursBefore === 0) return phrase(`不足${high['zh-CN']}`, `under ${high.en}`);
  return phrase(`${low['zh-CN']}以上、不足${high['zh-CN']}`, `${low.en} to under ${high.en}`);
}

/** "(48小时以上、不足8天)" appended to a time-left phrase, as in the rule tables. */
export function timeLeftInBand(minutesLeft: number, word: DepartureWord, band: Phrase): Phrase {
  const t = timeLeft(minutesLeft, word);
  return phrase(`${t['zh-CN']}（${band['zh-CN']}）`, `${t.en} (${band.en})`);
}

const roundingWords: Record<PercentFee['rounding'], Phrase> = {
  'half-yuan': phrase('按0.5元规则计为', 'rounded to'),
  'yuan-half-up': phrase('四舍五入到元计为', 'rounded to the yuan:'),
  'yuan-down': phrase('按元收取、角分舍去计为', 'whole yuan, the fraction dropped:'),
  'fen-half-up': phrase('四舍五入到分计为', 'rounded to'),
};

/**
 * How a percentage fee was reached: "按票价5%收取退票费 ¥27.65，按0.5元规则计为 ¥27.50" /
 * "5% refund fee ¥27.65, rounded to ¥27.50". `base` names what the percentage is of, when it is
 * not simply the fare (e.g. "较低票价 ¥553.00" / "the lower fare ¥553.00").
 */
export function percentFeeSteps(fee: PercentFee, name: Phrase, base: Phrase | null): Phrase {
  const raw = formatCentiFenAsYuan(fee.rawCentiFen);
  const zhBase = base ? base['zh-CN'] : '票价';
  let zh = base
    ? `按${zhBase}的${fee.pct}%收取${name['zh-CN']} ${raw}`
    : `按票价${fee.pct}%收取${name['zh-CN']} ${raw}`;
  let en = base ? `${name.en} ${fee.pct}% of ${base.en}: ${raw}` : `${fee.pct}% ${name.en} ${raw}`;
  if (fee.roundedFen * 100 !== fee.rawCentiFen) {
    const words = roundingWords[fee.rounding];
    zh += `，${words['zh-CN']} ${formatYuan(fee.roundedFen)}`;
    en += `, ${words.en} ${formatYuan(fee.roundedFen)}`;
  }
  if (fee.minimumApplied) {
    zh += `，不足最低${formatYuan(fee.minimumFen)}按${formatYuan(fee.minimumFen)}收取`;
    en += `, below the ${formatYuan(fee.minimumFen)} minimum so ${formatYuan(fee.minimumFen)}`;
  }
  if (fee.capped) {
    zh += `，不超过${zhBase}，计为 ${formatYuan(fee.feeFen)}`;
    en += `, limited to ${base ? base.en : 'the fare'}: ${formatYuan(fee.feeFen)}`;
  }
  return phrase(zh, en);
}

/** "应退 ¥525.50" / "refund ¥525.50". */
export function refundAmount(refundFen: number): Phrase {
  return phrase(`应退 ${formatYuan(refundFen)}`, `refund ${formatYuan(refundFen)}`);
}

/** The total of a change: pay, receive or nothing. */
export function changeTotal(payFen: number): Phrase {
  if (payFen > 0) return phrase(`合计应付 ${formatYuan(payFen)}`, `total to pay ${formatYuan(payFen)}`);
  if (payFen < 0) return phrase(`合计应退 ${formatYuan(-payFen)}`, `total to refund ${formatYuan(-payFen)}`);
  return phrase('无需补退款', 'nothing to pay or refund');
}

/** A sentence that opens with the situation: "head，a，b" / "head: a; b". */
export function statement(head: Phrase, ...parts: (Phrase | null | undefined)[]): Phrase {
  const rest = clauses(...parts);
  if (!rest.en) return head;
  return phrase(`${head['zh-CN']}，${rest['zh-CN']}`, `${head.en}: ${rest.en}`);
}

/** A fare difference settled at face value: the passenger pays a higher fare's difference or gets a lower one's back. */
export function faceValueDifference(fareFen: number, newFareFen: number): Phrase {
  const d = formatYuan(Math.abs(newFareFen - fareFen));
  if (newFareFen > fareFen)
    return phrase(`新票价高 ${d}，补收差价 ${d}`, `the new fare is ${d} higher: pay the difference ${d}`);
  if (newFareFen < fareFen)
    return phrase(
      `新票价低 ${d}，差额 ${d} 全额退还`,
      `the new fare is ${d} lower: the difference ${d} is refunded in full`,
    );
  return phrase('新旧票价相同', 'same fare');
}
