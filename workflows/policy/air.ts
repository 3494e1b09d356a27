/**
 * cn-air: the regulation's involuntary rules plus one airline's voluntary conditions by fare class
 * and by whether the request comes at least 2 h before departure. Fees are a percentage of the
 * fare (which excludes taxes), rounded half up to the whole yuan.
 */
import type { ChangeQuote, ChangeQuoteInput, RefundQuote, RefundQuoteInput, TaxRefund } from './types';
import type { TicketTaxes } from '../../shared/bookings';
import type { AirFareClassRow, AirRuleSetVersion, AirRules } from './rulesets';
import { PolicyError } from './errors';
import { changeFacts, checkFen, refundFacts } from './input';
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
  timeLeft,
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

/** Which column of the table applies; after departure (no-show) the "under 2 h" column (cn-air@2017-07-07 only). */
function column(minutesLeft: number, rules: AirRules): { atLeast: boolean; key: string; head: Phrase } {
  const h = rules.thresholdHours;
  const atLeast = minutesLeft >= h * 60;
  const band = atLeast ? phrase(`${h}小时以上`, `${h} h or more`) : phrase(`按不足${h}小时标准`, `under ${h} h column`);
  return {
    atLeast,
    key: atLeast ? `${h}h-or-more` : `under-${h}h`,
    head: timeLeftInBand(minutesLeft, airDeparture, band),
  };
}

function withClass(head: Phrase, code: string): Phrase {
  return phrase(`${code}舱，${head['zh-CN']}`, `Fare class ${code}, ${head.en}`);
}

/** The ticket's taxes under a version that refunds them; null under one that leaves them out. */
function taxesToRefund(input: { taxes?: TicketTaxes | null }, rules: AirRules): TaxRefund | null {
  if (!rules.refundsTaxes) return null;
  const developmentFundFen = checkFen(input.taxes?.developmentFundFen ?? 0, 'taxes.developmentFundFen');
  const fuelSurchargeFen = checkFen(input.taxes?.fuelSurchargeFen ?? 0, 'taxes.fuelSurchargeFen');
  return { developmentFundFen, fuelSurchargeFen, totalFen: developmentFundFen + fuelSurchargeFen };
}

/** "税费 ¥80.00 全额退还（民航发展基金 ¥50.00，燃油附加费 ¥30.00）" / "taxes ¥80.00 refunded in full (...)". */
function taxesRefunded(taxes: TaxRefund): Phrase {
  const fund = formatYuan(taxes.developmentFundFen);
  const fuel = formatYuan(taxes.fuelSurchargeFen);
  const total = formatYuan(taxes.totalFen);
  return phrase(
    `税费 ${total} 全额退还（民航发展基金 ${fund}，燃油附加费 ${fuel}）`,
    `taxes ${total} refunded in full (development fund ${fund}, fuel surcharge ${fuel})`,
  );
}

/** The closing clauses of a refund: the taxes (when the version refunds them) and the total paid back. */
function refundClose(fareRefundFen: number, taxes: TaxRefund | null): Phrase[] {
  if (!taxes) return [refundAmount(fareRefundFen)];
  const fare = formatYuan(fareRefundFen);
  return [
    phrase(`票价退 ${fare}`, `fare refunded ${fare}`),
    taxesRefunded(taxes),
    refundAmount(fareRefundFen + taxes.totalFen),
  ];
}

/** The fare's part of a quote plus the taxes: feeFen + refundFen = fareFen + taxes. */
function refundFigures(
  fareFen: number,
  feeFen: number,
  taxes: TaxRefund | null,
): Pick<RefundQuote, 'feeFen' | 'refundFen'> & { taxes?: TaxRefund } {
  const refundFen = fareFen - feeFen + (taxes?.totalFen ?? 0);
  return taxes ? { feeFen, refundFen, taxes } : { feeFen, refundFen };
}

export function quoteAirRefund(input: RefundQuoteInput, version: AirRuleSetVersion): RefundQuote {
  const facts = refundFacts(input);
  const { rules } = version;
  const id = (rule: string) => `${version.versionId}/${rule}`;
  const { fareFen } = facts;
  const taxes = taxesToRefund(input, rules);

  if (facts.involuntary) {
    // The regulation: no refund fee for an involuntary refund, whatever the cause; the class is
    // not needed, but a class that is given must still be a real one.
    if (input.fareClass !== undefined) findFareClass(rules, input.fareClass);
    return {
      allowed: true,
      ...refundFigures(fareFen, 0, taxes),
      ruleId: id('refund.involuntary'),
      explanation: statement(
        phrase(
          '非自愿退票（航班取消、延误、提前、航程改变或未能提供座位等）',
          'Involuntary refund (flight cancelled, delayed, advanced, rerouted, seat not provided, etc.)',
        ),
        phrase('不收退票费，全额退款', 'no refund fee, full refund'),
        ...refundClose(fareFen, taxes),
      ),
    };
  }

  const { code, row } = findFareClass(rules, input.fareClass);
  if (rules.afterDeparture === 'carrier-no-show' && facts.requestedMs > facts.departureMs) {
    // The preset table has no after-departure column: a no-show (误机) is the carrier's to price.
    // Only the taxes are certain; the fare's part waits for a person with the carrier's conditions.
    const reason = phrase(
      '已过航班计划起飞时间（误机）：不按退改表计费，票价部分按承运人的误机规定由人工确认',
      "the scheduled departure has passed (no-show): not priced from the preset table; a person applies the carrier's no-show conditions to the fare",
    );
    const fare = formatYuan(fareFen);
    return {
      allowed: true,
      ...refundFigures(fareFen, fareFen, taxes),
      ruleId: id(`refund.class-${code}.after-departure-no-show`),
      explanation: statement(
        withClass(timeLeft(facts.minutesLeft, airDeparture), code),
        reason,
        phrase(`承运人确认前票价 ${fare} 暂不退`, `until the carrier decides, the fare ${fare} is not refunded`),
        ...(taxes ? [taxesRefunded(taxes), refundAmount(taxes.totalFen)] : [refundAmount(0)]),
      ),
      manualStep: { kind: 'carrier-no-show', reason },
    };
  }
  const col = column(facts.minutesLeft, rules);
  const term = col.atLeast ? row.refundAtLeast : row.refundUnder;
  const ruleId = id(`refund.class-${code}.${col.key}`);
  if (term === 'taxes-only') {
    // The fare excludes taxes, so "taxes only" means none of the fare comes back.
    return {
      allowed: true,
      ...refundFigures(fareFen, fareFen, taxes),
      ruleId,
      explanation: taxes
        ? statement(
            withClass(col.head, code),
            phrase('仅退税费：票价部分不退', 'taxes only: nothing of the fare is refunded'),
            ...refundClose(0, taxes),
          )
        : statement(
            withClass(col.head, code),
            phrase(
              '仅退税费：票价部分不退（机场建设费、燃油附加费等税费不含在票价内，另行退还）',
              'taxes only: nothing of the fare is refunded (taxes such as the airport fee and fuel surcharge are not part of this fare and are refunded separately)',
            ),
            refundAmount(0),
          ),
    };
  }
  // A percentage of the fare only, never more than the fare paid (percentFee caps at its base).
  const fee = percentFee(fareFen, term, rules.rounding);
  return {
    allowed: true,
    ...refundFigures(fareFen, fee.feeFen, taxes),
    ruleId,
    explanation: statement(
      withClass(col.head, code),
      term === 0 ? phrase('不收退票费', 'no refund fee') : percentFeeSteps(fee, phrase('退票费', 'refund fee'), null),
      ...refundClose(fareFen - fee.feeFen, taxes),
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
  if (rules.afterDeparture === 'carrier-no-show' && facts.requestedMs > facts.departureMs) {
    const reason = phrase(
      '已过航班计划起飞时间（误机）：不按退改表办理变更，由人工按承运人的误机规定处理',
      "the scheduled departure has passed (no-show): no change from the preset table; a person handles it under the carrier's no-show conditions",
    );
    return {
      allowed: false,
      changeFeeFen: 0,
      differenceFeeFen: 0,
      payFen: 0,
      ruleId: id(`change.class-${code}.after-departure-no-show`),
      explanation: statement(withClass(timeLeft(facts.minutesLeft, airDeparture), code), reason),
      manualStep: { kind: 'carrier-no-show', reason },
    };
  }
  const col = column(facts.minutesLeft, rules);
  const term = col.atLeast ? row.changeAtLeast : row.changeUnder;
  const ruleId = id(`change.class-${code}.${col.key}`);
  if (term !== 'not-changeable' && rules.lowerFareChange === 'refund-and-new-purchase' && newFareFen < fareFen) {
    // Second edition: not a change at all. The ticket is refunded under the refund terms and the
    // new flight bought as a new ticket, so the change case refuses with this reason.
    const d = formatYuan(fareFen - newFareFen);
    return {
      allowed: false,
      changeFeeFen: 0,
      differenceFeeFen: 0,
      payFen: 0,
      ruleId: id(`change.class-${code}.lower-fare-refund-and-new-purchase`),
      explanation: statement(
        withClass(col.head, code),
        phrase(
          `新票价低 ${d}：自愿变更至较低票价或舱位不能作为变更办理，须按自愿退票办理（退票费按退票规定，税费全额退还）并重新购票`,
          `the new fare is ${d} lower: a voluntary change to a lower fare or class is not a change; refund this ticket voluntarily (refund fee under the refund terms, taxes refunded in full) and buy the new flight as a new purchase`,
        ),
      ),
    };
  }
  if (term === 'not-changeable') {
    return {
      allowed: false,
      changeFeeFen: 0,
      differenceFeeFen: 0,
      payFen: 0,
      ruleId,
      explanation: statement(
        withClass(col.head, code),
        phrase(
          `${code}舱不得自愿变更（改期），可按退票规定办理退票`,
          `fare class ${code} cannot be changed voluntarily; it can only be refunded under the refund terms`,
        ),
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
    return {
      feeFen: 0,
      text: phrase(`新票价高 ${d}，补收差价 ${d}`, `the new fare is ${d} higher: pay the difference ${d}`),
    };
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
