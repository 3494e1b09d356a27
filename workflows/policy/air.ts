/**
 * cn-air: the regulation's involuntary rules plus one airline's voluntary conditions by fare class
 * and by whether the request comes at least 2 h before departure. Fees are a percentage of the
 * fare (which excludes taxes), rounded half up to the whole yuan.
 */
import type { ChangeQuote, ChangeQuoteInput, RefundQuote, RefundQuoteInput } from './types';
import type { AirFareClassRow, AirRuleSetVersion, AirRules } from './rulesets';
import { PolicyError } from './errors';
import { changeFacts, refundFacts } from './input';
import { percentFee, formatYuan } from './rounding';
import { addWorkingDays } from './calendar';
import {
  airDeparture,
  changeTotal,
  faceValueDifference,
  percentFeeSteps,
  phrase,
  refundAmount,
  statement,
  timeLeftInBand,
  type Phrase,
} from './explain';

export function findFareClass(rules: AirRules, fareClass: unknown): { code: string; row: AirFareClassRow } {
  const known = rules.fareClasses.flatMap((r) => r.classes);
  if (typeof fareClass !== 'string' || fareClass.trim() === '') {
    throw new PolicyError('MISSING_FARE_CLASS', 'fareClass', fareClass, {
      en: `A cn-air quote needs the ticket's fare class (one of ${known.join(' ')})`,
      'zh-CN': `计算机票费用需要舱位代码（${known.join(' ')} 之一）`,
    });
  }
  const code = fareClass.trim().toUpperCase();
  const row = rules.fareClasses.find((r) => r.classes.includes(code));
  if (!row) {
    throw new PolicyError('UNKNOWN_FARE_CLASS', 'fareClass', fareClass, {
      en: `Unknown fare class "${fareClass}"; the airline's table covers ${known.join(' ')}`,
      'zh-CN': `未知舱位「${fareClass}」，航空公司退改表只包含 ${known.join(' ')}`,
    });
  }
  return { code, row };
}

/** Which column of the table applies; after departure (no-show) the "under 2 h" column. */
function column(minutesLeft: number, rules: AirRules): { atLeast: boolean; key: string; head: Phrase } {
  const h = rules.thresholdHours;
  const atLeast = minutesLeft >= h * 60;
  const band = atLeast ? phrase(`${h}小时以上`, `${h} h or more`) : phrase(`按不足${h}小时标准`, `under ${h} h column`);
  return { atLeast, key: atLeast ? `${h}h-or-more` : `under-${h}h`, head: timeLeftInBand(minutesLeft, airDeparture, band) };
}

function withClass(head: Phrase, code: string): Phrase {
  return phrase(`${code}舱，${head['zh-CN']}`, `Fare class ${code}, ${head.en}`);
}

export function quoteAirRefund(input: RefundQuoteInput, version: AirRuleSetVersion): RefundQuote {
  const facts = refundFacts(input);
  const { rules } = version;
  const id = (rule: string) => `${version.versionId}/${rule}`;
  const { fareFen } = facts;

  if (facts.involuntary) {
    // The regulation: no refund fee for an involuntary refund, whatever the cause; the class is
    // not needed, but a class that is given must still be a real one.
    if (input.fareClass !== undefined) findFareClass(rules, input.fareClass);
    return {
      allowed: true,
      feeFen: 0,
      refundFen: fareFen,
      ruleId: id('refund.involuntary'),
      explanation: statement(
        phrase('非自愿退票（航班取消、延误等）', 'Involuntary refund (flight cancelled, delayed, etc.)'),
        phrase('不收退票费，全额退款', 'no refund fee, full refund'),
        refundAmount(fareFen),
      ),
    };
  }

  const { code, row } = findFareClass(rules, input.fareClass);
  const col = column(facts.minutesLeft, rules);
  const term = col.atLeast ? row.refundAtLeast : row.refundUnder;
  const ruleId = id(`refund.class-${code}.${col.key}`);
  if (term === 'taxes-only') {
    // The fare excludes taxes, so "taxes only" means none of the fare comes back.
    return {
      allowed: true,
      feeFen: fareFen,
      refundFen: 0,
      ruleId,
      explanation: statement(
        withClass(col.head, code),
        phrase(
          '仅退税费：票价部分不退（机场建设费、燃油附加费等税费不含在票价内，另行退还）',
          'taxes only: nothing of the fare is refunded (taxes such as the airport fee and fuel surcharge are not part of this fare and are refunded separately)',
        ),
        refundAmount(0),
      ),
    };
  }
  const fee = percentFee(fareFen, term, rules.rounding);
  const refundFen = fareFen - fee.feeFen;
  return {
    allowed: true,
    feeFen: fee.feeFen,
    refundFen,
    ruleId,
    explanation: statement(
      withClass(col.head, code),
      term === 0 ? phrase('不收退票费', 'no refund fee') : percentFeeSteps(fee, phrase('退票费', 'refund fee'), null),
      refundAmount(refundFen),
    ),
  };
}

/**
 * Voluntary: a higher new fare's difference is paid; a lower one is not refunded (the airline's voluntary
 * change terms: "差额不退"), so the whole difference is the difference fee. The change fee is a
 * percentage of the original fare.
 */
export function quoteAirChange(input: ChangeQuoteInput, version: AirRuleSetVersion): ChangeQuote {
  const facts = changeFacts(input);
  const { rules } = version;
  const id = (rule: string) => `${version.versionId}/${rule}`;
  const { fareFen, newFareFen } = facts;

  if (facts.involuntary) {
    // The carrier's fault: no change fee, and "差额不退" (a voluntary term) does not apply, so the
    // difference is settled at face value either way.
    if (input.fareClass !== undefined) findFareClass(rules, input.fareClass);
    const payFen = newFareFen - fareFen;
    return {
      allowed: true,
      changeFeeFen: 0,
      differenceFeeFen: 0,
      payFen,
      ruleId: id('change.involuntary'),
      explanation: statement(
        phrase('承运人原因的非自愿变更', 'Involuntary change caused by the carrier'),
        phrase('不收变更费', 'no change fee'),
        faceValueDifference(fareFen, newFareFen),
        changeTotal(payFen),
      ),
    };
  }

  const difference = airDifference(fareFen, newFareFen);
  const { code, row } = findFareClass(rules, input.fareClass);
  const col = column(facts.minutesLeft, rules);
  const term = col.atLeast ? row.changeAtLeast : row.changeUnder;
  const ruleId = id(`change.class-${code}.${col.key}`);
  if (term === 'not-changeable') {
    return {
      allowed: false,
      changeFeeFen: 0,
      differenceFeeFen: 0,
      payFen: 0,
      ruleId,
      explanation: statement(
        withClass(col.head, code),
        phrase(`${code}舱不得自愿变更（改期），可按退票规定办理退票`, `fare class ${code} cannot be changed voluntarily; it can only be refunded under the refund terms`),
      ),
    };
  }
  const fee = percentFee(fareFen, term, rules.rounding);
  const payFen = fee.feeFen + (newFareFen - fareFen) + difference.feeFen;
  return {
    allowed: true,
    changeFeeFen: fee.feeFen,
    differenceFeeFen: difference.feeFen,
    payFen,
    ruleId,
    explanation: statement(
      withClass(col.head, code),
      term === 0 ? phrase('不收变更费', 'no change fee') : percentFeeSteps(fee, phrase('变更费', 'change fee'), null),
      difference.text,
      changeTotal(payFen),
    ),
  };
}

function airDifference(fareFen: number, newFareFen: number): { feeFen: number; text: Phrase } {
  const d = formatYuan(Math.abs(newFareFen - fareFen));
  if (newFareFen > fareFen) {
    return { feeFen: 0, text: phrase(`新票价高 ${d}，补收差价 ${d}`, `the new fare is ${d} higher: pay the difference ${d}`) };
  }
  if (newFareFen < fareFen) {
    return {
      feeFen: fareFen - newFareFen,
      text: phrase(`新票价低 ${d}，差额不退`, `the new fare is ${d} lower: the difference is not refunded`),
    };
  }
  return { feeFen: 0, text: phrase('新旧票价相同', 'same fare') };
}

/** When the refund must be completed: the end of the 7th working day after the application. */
export function airRefundDeadline(requestedAt: string, version: AirRuleSetVersion): string {
  return addWorkingDays(requestedAt, version.rules.refundDeadlineWorkingDays);
}
