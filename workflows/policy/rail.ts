/**
 * cn-rail (12306): refund fees by time left, the mistaken-purchase window, the rules for changed
 * tickets, and change (改签) fees with the fare difference. Amounts round to ¥0.5.
 */
import type { ChangeQuote, ChangeQuoteInput, RefundQuote, RefundQuoteInput } from './types';
import type { FeeTier, RailRuleSetVersion, RailRules } from './rulesets';
import { inSpringFestivalRush, springFestivalRushPeriods, tierFor } from './rulesets';
import { changeFacts, refundFacts, type ChangeFacts } from './input';
import { percentFee, formatYuan } from './rounding';
import { minutesBetween, shanghaiDate } from './time';
import { decideMistakenPurchase } from './mistaken-purchase';
import {
  changeTotal,
  clauses,
  faceValueDifference,
  percentFeeSteps,
  phrase,
  railDeparture,
  refundAmount,
  statement,
  tierBand,
  timeLeft,
  timeLeftInBand,
  type Phrase,
} from './explain';

const refundFeeName = phrase('退票费', 'refund fee');
const changeFeeName = phrase('改签费', 'change fee');
const noRefundFee = phrase('不收退票费', 'no refund fee');
const noChangeFee = phrase('不收改签费', 'no change fee');

function refused(fareFen: number, ruleId: string, explanation: Phrase): RefundQuote {
  return { allowed: false, feeFen: fareFen, refundFen: 0, ruleId, explanation };
}

export function quoteRailRefund(input: RefundQuoteInput, version: RailRuleSetVersion): RefundQuote {
  const facts = refundFacts(input);
  const { rules } = version;
  const id = (rule: string) => `${version.versionId}/${rule}`;
  const { fareFen, minutesLeft } = facts;

  const charged = (ruleId: string, head: Phrase, pct: number, ...notes: (Phrase | null)[]): RefundQuote => {
    const fee = percentFee(fareFen, pct, rules.rounding, rules.refundMinimumFen);
    const refundFen = fareFen - fee.feeFen;
    const feeText = pct === 0 ? noRefundFee : percentFeeSteps(fee, refundFeeName, null);
    return {
      allowed: true,
      feeFen: fee.feeFen,
      refundFen,
      ruleId: id(ruleId),
      explanation: statement(head, feeText, refundAmount(refundFen), ...notes),
    };
  };

  if (facts.involuntary) {
    return charged(
      'refund.involuntary',
      phrase('铁路责任（列车停运等）退票', "The railway's fault (train cancelled, etc.)"),
      0,
      phrase('全额退款', 'full refund'),
    );
  }

  // Not in the published table: a train that has left cannot be refunded voluntarily (12306
  // refunds before departure only); the agent handles exceptions as a complaint.
  if (minutesLeft < 0) {
    return refused(
      fareFen,
      id('refund.after-departure'),
      statement(
        timeLeft(minutesLeft, railDeparture),
        phrase(
          '列车已开车，不能办理自愿退票（铁路责任除外）',
          'the train has left, so it cannot be refunded voluntarily (unless the railway is at fault)',
        ),
      ),
    );
  }

  const travelDate = shanghaiDate(facts.departureMs);
  if (facts.changed && inSpringFestivalRush(travelDate)) {
    const period = springFestivalRushPeriods.find((p) => p.from <= travelDate && travelDate <= p.to);
    const span = period
      ? { zh: `${period.from}至${period.to}`, en: `${period.from} to ${period.to}` }
      : { zh: travelDate, en: travelDate };
    return charged(
      'refund.changed-spring-festival',
      phrase(
        `${timeLeft(minutesLeft, railDeparture)['zh-CN']}；改签后的乘车日期 ${travelDate} 在春运期间（${span.zh}）`,
        `${timeLeft(minutesLeft, railDeparture).en}; the changed ticket travels on ${travelDate}, in the Spring Festival rush (${span.en})`,
      ),
      rules.changedInSpringFestivalFeePct,
    );
  }

  const tableBand = tierFor(rules.refundTiers, minutesLeft);
  const mistaken = decideMistakenPurchase(facts, rules.mistakenPurchase, (tableBand?.tier.feePct ?? 0) > 0);
  if (mistaken.free) return charged('refund.mistaken-purchase', mistaken.head, 0);
  const windowNote = mistaken.note;

  // A changed ticket refunded 8+ days ahead pays 5% if the change was made under 8 days before
  // the original train; without those two times the rule cannot be decided, and the quote says so.
  const nearToFar = rules.changedFromNearToFar;
  let changeNote: Phrase | null = null;
  if (facts.changed && minutesLeft >= nearToFar.thresholdHours * 60) {
    const { changedAtMs, originalDepartureMs } = facts;
    if (changedAtMs === null || originalDepartureMs === null) {
      changeNote = phrase(
        `未提供改签时间和原车开车时间，未按“不足8天改签至8天以上”收取${nearToFar.feePct}%`,
        `the change time and the original departure were not given, so the ${nearToFar.feePct}% rule for tickets changed from under 8 days was not applied`,
      );
    } else if (minutesBetween(changedAtMs, originalDepartureMs) < nearToFar.thresholdHours * 60) {
      const t = timeLeft(minutesLeft, railDeparture);
      return charged(
        'refund.changed-from-under-8d',
        phrase(
          `${t['zh-CN']}；该票在原车开车前不足8天时改签至8天以上的列车`,
          `${t.en}; the ticket was changed from under 8 days before its train to one 8 days or more away`,
        ),
        nearToFar.feePct,
      );
    }
  }

  const band = tierFor(rules.refundTiers, minutesLeft);
  if (!band) throw new Error(`${version.versionId}: refund tiers must end at 0 h`);
  return charged(
    `refund.tier-${band.tier.minHoursBefore}h`,
    timeLeftInBand(minutesLeft, railDeparture, tierBand(rules.refundTiers, band.index)),
    band.tier.feePct,
    windowNote,
    changeNote,
  );
}

/** The change decision before the fare difference: which rule, its fee percentage, or a refusal. */
type ChangeRule =
  | { allowed: true; rule: string; pct: number; head: Phrase }
  | { allowed: false; rule: string; head: Phrase };

function changeRule(facts: ChangeFacts, rules: RailRules): ChangeRule {
  const { minutesLeft } = facts;
  const ticketDate = shanghaiDate(facts.departureMs);
  const newDate = shanghaiDate(facts.newDepartureMs);
  const freeHours = rules.change.freeAnyTrainHoursBefore;

  if (minutesLeft >= freeHours * 60) {
    return {
      allowed: true,
      rule: `change.${freeHours}h-or-more`,
      pct: 0,
      head: statement(
        timeLeftInBand(minutesLeft, railDeparture, phrase(`${freeHours}小时以上`, `${freeHours} h or more`)),
        phrase('可改签预售期内任意列车', 'any train in the sale period'),
      ),
    };
  }
  if (minutesLeft >= 0) {
    const under = timeLeftInBand(minutesLeft, railDeparture, phrase(`不足${freeHours}小时`, `under ${freeHours} h`));
    if (newDate <= ticketDate) {
      return {
        allowed: true,
        rule: 'change.on-or-before-ticket-date',
        pct: 0,
        head: statement(under, phrase(`改签至票面日期（${ticketDate}）当日或之前的列车`, `to a train on or before the ticket's date (${ticketDate})`)),
      };
    }
    const laterTiers = rules.change.laterDateTiers;
    if (!laterTiers) {
      return {
        allowed: false,
        rule: 'change.later-date-not-allowed',
        head: statement(
          under,
          phrase(`不能改签至票面日期（${ticketDate}）之后的列车`, `a change to a train after the ticket's date (${ticketDate}) is not allowed`),
        ),
      };
    }
    const band = tierFor(laterTiers, minutesLeft);
    if (!band) throw new Error('cn-rail later-date change tiers must end at 0 h');
    // The band's upper edge is the free-change threshold, so label against a list that starts there.
    const labelled: FeeTier[] = [{ minHoursBefore: freeHours, feePct: 0 }, ...laterTiers];
    return {
      allowed: true,
      rule: `change.later-date-tier-${band.tier.minHoursBefore}h`,
      pct: band.tier.feePct,
      head: statement(
        timeLeftInBand(minutesLeft, railDeparture, tierBand(labelled, band.index + 1)),
        phrase(`改签至票面日期（${ticketDate}）之后的列车（${newDate}）`, `to a train after the ticket's date (${ticketDate}), on ${newDate}`),
      ),
    };
  }

  const requestDate = shanghaiDate(facts.requestedMs);
  const after = timeLeft(minutesLeft, railDeparture);
  if (requestDate > ticketDate) {
    return {
      allowed: false,
      rule: 'change.after-departure-day-ended',
      head: statement(
        after,
        phrase(`开车当日（${ticketDate}）24时后不能改签`, `no change is possible after midnight of the departure day (${ticketDate})`),
      ),
    };
  }
  const sameDayHead = phrase(
    `${after['zh-CN']}，在开车当日（${ticketDate}）24时前`,
    `${after.en}, before midnight of the departure day (${ticketDate})`,
  );
  if (newDate === ticketDate) {
    return {
      allowed: true,
      rule: 'change.after-departure-same-day',
      pct: 0,
      head: statement(sameDayHead, phrase('改签至当日其他列车', 'to another train the same day')),
    };
  }
  const laterPct = rules.change.afterDepartureLaterDayFeePct;
  if (laterPct === null) {
    return {
      allowed: false,
      rule: 'change.after-departure-later-day-not-allowed',
      head: statement(sameDayHead, phrase('只能改签至当日其他列车', 'only a train the same day is allowed')),
    };
  }
  return {
    allowed: true,
    rule: 'change.after-departure-later-day',
    pct: laterPct,
    head: statement(sameDayHead, phrase(`改签至以后日期的列车（${newDate}）`, `to a train on a later day (${newDate})`)),
  };
}

export function quoteRailChange(input: ChangeQuoteInput, version: RailRuleSetVersion): ChangeQuote {
  const facts = changeFacts(input);
  const { rules } = version;
  const id = (rule: string) => `${version.versionId}/${rule}`;
  const { fareFen, newFareFen } = facts;

  if (facts.involuntary) {
    const payFen = newFareFen - fareFen;
    return {
      allowed: true,
      changeFeeFen: 0,
      differenceFeeFen: 0,
      payFen,
      ruleId: id('change.involuntary'),
      explanation: statement(
        phrase('铁路责任（列车停运等）改签', "The railway's fault (train cancelled, etc.)"),
        noChangeFee,
        faceValueDifference(fareFen, newFareFen),
        changeTotal(payFen),
      ),
    };
  }

  const decision = changeRule(facts, rules);
  if (!decision.allowed) {
    return { allowed: false, changeFeeFen: 0, differenceFeeFen: 0, payFen: 0, ruleId: id(decision.rule), explanation: decision.head };
  }

  const lowerFen = Math.min(fareFen, newFareFen);
  // Change fees round like refund fees but the published 2-yuan minimum is for refund fees only.
  const changeFee = percentFee(lowerFen, decision.pct, rules.rounding);
  const changeText =
    decision.pct === 0
      ? noChangeFee
      : percentFeeSteps(changeFee, changeFeeName, phrase(`较低票价 ${formatYuan(lowerFen)}`, `the lower fare ${formatYuan(lowerFen)}`));

  const difference = railDifference(facts, rules);
  const payFen = changeFee.feeFen + (newFareFen - fareFen) + difference.feeFen;
  return {
    allowed: true,
    changeFeeFen: changeFee.feeFen,
    differenceFeeFen: difference.feeFen,
    payFen,
    ruleId: id(decision.rule),
    explanation: clauses(decision.head, changeText, difference.text, changeTotal(payFen)),
  };
}

/**
 * A lower new fare's difference is refunded less a fee at the refund scale for the time left
 * (after departure: the last, under-24 h, tier). That fee is a refund fee ("差额部分核收退票费，
 * 执行现行退票费标准"), so it keeps the ¥0.5 rounding and the ¥2 minimum, capped at the difference.
 */
function railDifference(facts: ChangeFacts, rules: RailRules): { feeFen: number; text: Phrase } {
  const { fareFen, newFareFen, minutesLeft } = facts;
  if (newFareFen >= fareFen) return { feeFen: 0, text: faceValueDifference(fareFen, newFareFen) };

  const differenceFen = fareFen - newFareFen;
  const tiers = rules.refundTiers;
  const lastIndex = tiers.length - 1;
  const band = minutesLeft >= 0 ? tierFor(tiers, minutesLeft) : { tier: tiers[lastIndex], index: lastIndex };
  if (!band?.tier) throw new Error('cn-rail refund tiers must end at 0 h');
  const d = formatYuan(differenceFen);
  const bandText = tierBand(tiers, band.index);
  if (band.tier.feePct === 0) {
    return {
      feeFen: 0,
      text: phrase(
        `新票价低 ${d}，差额按退票标准（${bandText['zh-CN']}）不收费，全额退还`,
        `the new fare is ${d} lower: at the refund scale (${bandText.en}) no fee, refunded in full`,
      ),
    };
  }
  const fee = percentFee(differenceFen, band.tier.feePct, rules.rounding, rules.refundMinimumFen);
  const steps = percentFeeSteps(fee, phrase('差额退票费', 'difference fee'), phrase(`差额 ${d}`, `the difference ${d}`));
  return {
    feeFen: fee.feeFen,
    text: phrase(
      `新票价低 ${d}，适用退票标准（${bandText['zh-CN']}），${steps['zh-CN']}，退还 ${formatYuan(differenceFen - fee.feeFen)}`,
      `the new fare is ${d} lower: at the refund scale (${bandText.en}) ${steps.en}; refund ${formatYuan(differenceFen - fee.feeFen)}`,
    ),
  };
}
