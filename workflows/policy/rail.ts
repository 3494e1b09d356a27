/**
 * cn-rail (12306): refund fees by time left, the mistaken-purchase window, the rules for changed
 * tickets, and change (改签) fees with the fare difference. Amounts round to ¥0.5.
 */
import type { ChangeQuote, ChangeQuoteInput, RefundQuote, RefundQuoteInput } from './types';
import type { FeeTier, RailRuleSetVersion, RailRules } from './rulesets';
import { springFestivalRushFor, tierFor } from './rulesets';
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

  // Second edition: a ticket changed after its original train left is not refunded (12306 FAQ).
  const { changedAtMs, originalDepartureMs } = facts;
  if (
    facts.changed &&
    !rules.changedAfterDepartureRefundable &&
    changedAtMs !== null &&
    originalDepartureMs !== null &&
    changedAtMs > originalDepartureMs
  ) {
    return refused(
      fareFen,
      id('refund.changed-after-departure'),
      statement(
        timeLeft(minutesLeft, railDeparture),
        phrase(
          '该票是在原车开车后改签的，开车后改签的车票不予退票',
          'the ticket was changed after its original train left, and such a ticket is not refunded',
        ),
      ),
    );
  }

  // Second edition: online refunds close at the scheduled departure (a request in the minute of
  // departure is already too late); after it only a station refunds, with its approval. The fee
  // shown is the under-24 h rate, for the station to confirm.
  if (rules.afterDepartureRefund === 'station-approval' && minutesLeft <= 0) {
    const last = rules.refundTiers[rules.refundTiers.length - 1];
    if (!last) throw new Error(`${version.versionId}: refund tiers must end at 0 h`);
    const reason = phrase(
      '已到开车时间，网上不能退票：只能在车站办理，特殊情况经车站同意后方可退票',
      'the scheduled departure has passed, so there is no online refund: only a station can refund it, in special circumstances, with its approval',
    );
    const quote = charged(
      'refund.after-departure-station-approval',
      statement(timeLeft(minutesLeft, railDeparture), reason),
      last.feePct,
      phrase('车站同意后按此收费', 'charged so if the station approves'),
    );
    return { ...quote, manualStep: { kind: 'station-approval', reason } };
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
  const rush = facts.changed
    ? springFestivalRushFor(travelDate, input.springFestivalRush ?? [])
    : { status: 'out' as const };
  if (rush.status === 'in') {
    const { period } = rush;
    return charged(
      'refund.changed-spring-festival',
      phrase(
        `${timeLeft(minutesLeft, railDeparture)['zh-CN']}；改签后的乘车日期 ${travelDate} 在春运期间（${period.from}至${period.to}）`,
        `${timeLeft(minutesLeft, railDeparture).en}; the changed ticket travels on ${travelDate}, in the Spring Festival rush (${period.from} to ${period.to})`,
      ),
      rules.changedInSpringFestivalFeePct,
    );
  }
  // A year whose rush dates are not published: quote the normal rules, say so, and have a person check.
  const rushUnknown =
    rush.status === 'unknown'
      ? phrase(
          `${rush.year}年春运日期尚未公布：若改签后的乘车日期 ${travelDate} 在春运期间，应按票价${rules.changedInSpringFestivalFeePct}%收取退票费，请人工核实`,
          `the ${rush.year} Spring Festival rush dates are not yet published: if the changed ticket's date ${travelDate} is in the rush, the fee is ${rules.changedInSpringFestivalFeePct}% of the fare; a person must check`,
        )
      : null;
  const withRushReview = (quote: RefundQuote): RefundQuote =>
    rushUnknown
      ? { ...quote, explanation: clauses(quote.explanation, rushUnknown), needsReview: { reason: rushUnknown } }
      : quote;

  const tableBand = tierFor(rules.refundTiers, minutesLeft);
  const mistaken = decideMistakenPurchase(facts, rules.mistakenPurchase, (tableBand?.tier.feePct ?? 0) > 0);
  if (mistaken.free) return charged('refund.mistaken-purchase', mistaken.head, 0);
  const windowNote = mistaken.note;

  // A changed ticket refunded 8+ days ahead pays 5% if the change was made under 8 days before
  // the original train; without those two times the rule cannot be decided, and the quote says so.
  const nearToFar = rules.changedFromNearToFar;
  let changeNote: Phrase | null = null;
  if (facts.changed && minutesLeft >= nearToFar.thresholdHours * 60) {
    if (changedAtMs === null || originalDepartureMs === null) {
      changeNote = phrase(
        `未提供改签时间和原车开车时间，未按“不足8天改签至8天以上”收取${nearToFar.feePct}%`,
        `the change time and the original departure were not given, so the ${nearToFar.feePct}% rule for tickets changed from under 8 days was not applied`,
      );
    } else if (minutesBetween(changedAtMs, originalDepartureMs) < nearToFar.thresholdHours * 60) {
      const t = timeLeft(minutesLeft, railDeparture);
      return withRushReview(
        charged(
          'refund.changed-from-under-8d',
          phrase(
            `${t['zh-CN']}；该票在原车开车前不足8天时改签至8天以上的列车`,
            `${t.en}; the ticket was changed from under 8 days before its train to one 8 days or more away`,
          ),
          nearToFar.feePct,
        ),
      );
    }
  }

  const band = tierFor(rules.refundTiers, minutesLeft);
  if (!band) throw new Error(`${version.versionId}: refund tiers must end at 0 h`);
  return withRushReview(
    charged(
      `refund.tier-${band.tier.minHoursBefore}h`,
      timeLeftInBand(minutesLeft, railDeparture, tierBand(rules.refundTiers, band.index)),
      band.tier.feePct,
      windowNote,
      changeNote,
    ),
  );
}

/** The change decision before the fare difference: which rule, its fee percentage, or a refusal. */
type ChangeRule =
  { allowed: true; rule: string; pct: number; head: Phrase } | { allowed: false; rule: string; head: Phrase };

function changeRule(facts: ChangeFacts, rules: RailRules, arrivalStationChange: boolean): ChangeRule {
  const { minutesLeft } = facts;
  const ticketDate = shanghaiDate(facts.departureMs);
  const newDate = shanghaiDate(facts.newDepartureMs);
  const freeHours = rules.change.freeAnyTrainHoursBefore;

  // Second edition: a change of arrival station (变更到站) is the ticket's one change, 48 h or more ahead only.
  const arrival = rules.arrivalStationChange;
  if (arrivalStationChange && arrival) {
    const hours = arrival.minHoursBefore;
    if (minutesLeft >= hours * 60) {
      return {
        allowed: true,
        rule: `change.arrival-station-${hours}h-or-more`,
        pct: 0,
        head: statement(
          timeLeftInBand(minutesLeft, railDeparture, phrase(`${hours}小时以上`, `${hours} h or more`)),
          phrase(
            '变更到站（发站不变），作为该票的一次改签',
            "a change of arrival station (same departure station), the ticket's one change",
          ),
        ),
      };
    }
    return {
      allowed: false,
      rule: `change.arrival-station-under-${hours}h`,
      head: statement(
        timeLeft(minutesLeft, railDeparture),
        phrase(
          `变更到站须在开车前${hours}小时以上办理`,
          `a change of arrival station is allowed only ${hours} h or more before departure`,
        ),
      ),
    };
  }

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
        head: statement(
          under,
          phrase(
            `改签至票面日期（${ticketDate}）当日或之前的列车`,
            `to a train on or before the ticket's date (${ticketDate})`,
          ),
        ),
      };
    }
    const laterTiers = rules.change.laterDateTiers;
    if (!laterTiers) {
      return {
        allowed: false,
        rule: 'change.later-date-not-allowed',
        head: statement(
          under,
          phrase(
            `不能改签至票面日期（${ticketDate}）之后的列车`,
            `a change to a train after the ticket's date (${ticketDate}) is not allowed`,
          ),
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
        phrase(
          `改签至票面日期（${ticketDate}）之后的列车（${newDate}）`,
          `to a train after the ticket's date (${ticketDate}), on ${newDate}`,
        ),
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
        phrase(
          `开车当日（${ticketDate}）24时后不能改签`,
          `no change is possible after midnight of the departure day (${ticketDate})`,
        ),
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
    head: statement(
      sameDayHead,
      phrase(`改签至以后日期的列车（${newDate}）`, `to a train on a later day (${newDate})`),
    ),
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

  const decision = changeRule(facts, rules, input.arrivalStationChange === true);
  if (!decision.allowed) {
    return {
      allowed: false,
      changeFeeFen: 0,
      differenceFeeFen: 0,
      payFen: 0,
      ruleId: id(decision.rule),
      explanation: decision.head,
    };
  }

  const lowerFen = Math.min(fareFen, newFareFen);
  // Change fees round like refund fees but the published 2-yuan minimum is for refund fees only.
  const changeFee = percentFee(lowerFen, decision.pct, rules.rounding);
  const changeText =
    decision.pct === 0
      ? noChangeFee
      : percentFeeSteps(
          changeFee,
          changeFeeName,
          phrase(`较低票价 ${formatYuan(lowerFen)}`, `the lower fare ${formatYuan(lowerFen)}`),
        );

  const difference = railDifference(facts, rules);
  const payFen = changeFee.feeFen + (newFareFen - fareFen) + difference.feeFen;
  return {
    allowed: true,
    changeFeeFen: changeFee.feeFen,
    differenceFeeFen: difference.feeFen,
    payFen,
    ruleId: id(decision.rule),
    explanation: clauses(decision.head, changeText, difference.text, difference.review, changeTotal(payFen)),
    ...(difference.review ? { needsReview: { reason: difference.review } } : {}),
  };
}

/**
 * A lower new fare's difference is refunded less a fee at the refund scale for the time left before
 * the original departure (the ticket's departureAt: a ticket is changed once); a change after
 * departure pays rules.differenceFee.afterDepartureFeePct. The first edition read that fee as a
 * refund fee with the ¥2 minimum; the second leaves the minimum open, so a computed fee above 0 and
 * under reviewBelowFen is flagged for a person. Never more than the difference.
 */
function railDifference(facts: ChangeFacts, rules: RailRules): { feeFen: number; text: Phrase; review: Phrase | null } {
  const { fareFen, newFareFen, minutesLeft } = facts;
  if (newFareFen >= fareFen) return { feeFen: 0, text: faceValueDifference(fareFen, newFareFen), review: null };

  const differenceFen = fareFen - newFareFen;
  const tiers = rules.refundTiers;
  const { minimumFen, afterDepartureFeePct, reviewBelowFen } = rules.differenceFee;
  const band = minutesLeft >= 0 ? tierFor(tiers, minutesLeft) : undefined;
  if (minutesLeft >= 0 && !band) throw new Error('cn-rail refund tiers must end at 0 h');
  const pct = band ? band.tier.feePct : afterDepartureFeePct;
  const d = formatYuan(differenceFen);
  const bandText = band ? tierBand(tiers, band.index) : phrase('开车后改签', 'changed after departure');
  if (pct === 0) {
    return {
      feeFen: 0,
      text: phrase(
        `新票价低 ${d}，差额按退票标准（${bandText['zh-CN']}）不收费，全额退还`,
        `the new fare is ${d} lower: at the refund scale (${bandText.en}) no fee, refunded in full`,
      ),
      review: null,
    };
  }
  const fee = percentFee(differenceFen, pct, rules.rounding, minimumFen);
  const steps = percentFeeSteps(
    fee,
    phrase('差额退票费', 'difference fee'),
    phrase(`差额 ${d}`, `the difference ${d}`),
  );
  const review =
    reviewBelowFen !== null && fee.feeFen > 0 && fee.feeFen < reviewBelowFen
      ? phrase(
          `差额退票费 ${formatYuan(fee.feeFen)} 不足${formatYuan(reviewBelowFen)}，是否适用最低退票费未有定论，需人工确认`,
          `the difference fee ${formatYuan(fee.feeFen)} is under ${formatYuan(reviewBelowFen)}; whether the minimum refund fee covers it is open, so a person must confirm`,
        )
      : null;
  return {
    feeFen: fee.feeFen,
    text: phrase(
      `新票价低 ${d}，适用退票标准（${bandText['zh-CN']}），${steps['zh-CN']}，退还 ${formatYuan(differenceFen - fee.feeFen)}`,
      `the new fare is ${d} lower: at the refund scale (${bandText.en}) ${steps.en}; refund ${formatYuan(differenceFen - fee.feeFen)}`,
    ),
    review,
  };
}
