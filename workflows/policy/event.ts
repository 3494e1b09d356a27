/**
 * event: each organizer publishes its own refund tiers and change terms (data in ./rulesets.ts).
 * Fees round half up to the fen. A 100% tier means no refund in that window.
 */
import type { ChangeQuote, ChangeQuoteInput, RefundQuote, RefundQuoteInput } from './types';
import type { EventRuleSetVersion } from './rulesets';
import { organizerPolicy, tierFor } from './rulesets';
import { changeFacts, refundFacts } from './input';
import { percentFee, formatYuan } from './rounding';
import {
  changeTotal,
  eventStart,
  faceValueDifference,
  percentFeeSteps,
  phrase,
  refundAmount,
  statement,
  tierBand,
  timeLeft,
  timeLeftInBand,
  type Phrase,
} from './explain';

function withOrganizer(name: Phrase, head: Phrase): Phrase {
  return phrase(`${name['zh-CN']}：${head['zh-CN']}`, `${name.en}: ${head.en}`);
}

export function quoteEventRefund(input: RefundQuoteInput, version: EventRuleSetVersion): RefundQuote {
  const policy = organizerPolicy(version.rules, input.organizer);
  const facts = refundFacts(input);
  const id = (rule: string) => `${version.versionId}/${policy.organizer}/${rule}`;
  const { fareFen, minutesLeft } = facts;

  if (facts.involuntary) {
    return {
      allowed: true,
      feeFen: 0,
      refundFen: fareFen,
      ruleId: id('refund.involuntary'),
      explanation: statement(
        withOrganizer(policy.name, phrase('演出取消或主办方原因退票', 'show cancelled or the organizer at fault')),
        phrase('不收手续费，全额退款', 'no fee, full refund'),
        refundAmount(fareFen),
      ),
    };
  }

  const band = tierFor(policy.refundTiers, minutesLeft);
  if (!band) {
    return {
      allowed: false,
      feeFen: fareFen,
      refundFen: 0,
      ruleId: id('refund.after-start'),
      explanation: statement(
        withOrganizer(policy.name, timeLeft(minutesLeft, eventStart)),
        phrase('演出已开始，不能退票', 'the show has started, so the ticket cannot be refunded'),
      ),
    };
  }
  const ruleId = id(`refund.tier-${band.tier.minHoursBefore}h`);
  const head = withOrganizer(policy.name, timeLeftInBand(minutesLeft, eventStart, tierBand(policy.refundTiers, band.index)));
  if (band.tier.feePct >= 100) {
    return {
      allowed: false,
      feeFen: fareFen,
      refundFen: 0,
      ruleId,
      explanation: statement(head, phrase('主办方规定此时段不予退票', "the organizer's terms allow no refund in this window")),
    };
  }
  const fee = percentFee(fareFen, band.tier.feePct, version.rules.rounding);
  const refundFen = fareFen - fee.feeFen;
  return {
    allowed: true,
    feeFen: fee.feeFen,
    refundFen,
    ruleId,
    explanation: statement(
      head,
      band.tier.feePct === 0 ? phrase('不收手续费', 'no fee') : percentFeeSteps(fee, phrase('手续费', 'fee'), null),
      refundAmount(refundFen),
    ),
  };
}

/**
 * Changes follow the organizer's terms: a fixed fee per ticket up to a deadline, or no changes.
 * The fare difference is settled at face value (paid, or refunded in full).
 */
export function quoteEventChange(input: ChangeQuoteInput, version: EventRuleSetVersion): ChangeQuote {
  const policy = organizerPolicy(version.rules, input.organizer);
  const facts = changeFacts(input);
  const id = (rule: string) => `${version.versionId}/${policy.organizer}/${rule}`;
  const { fareFen, newFareFen, minutesLeft } = facts;
  const difference = newFareFen - fareFen;

  if (facts.involuntary) {
    return {
      allowed: true,
      changeFeeFen: 0,
      differenceFeeFen: 0,
      payFen: difference,
      ruleId: id('change.involuntary'),
      explanation: statement(
        withOrganizer(policy.name, phrase('演出改期或主办方原因换场', 'show rescheduled or the organizer at fault')),
        phrase('不收换场费', 'no change fee'),
        faceValueDifference(fareFen, newFareFen),
        changeTotal(difference),
      ),
    };
  }

  const terms = policy.change;
  if (!terms.allowed) {
    return {
      allowed: false,
      changeFeeFen: 0,
      differenceFeeFen: 0,
      payFen: 0,
      ruleId: id('change.not-allowed'),
      explanation: withOrganizer(policy.name, phrase('主办方规定门票不可换场', "the organizer's terms allow no change of show")),
    };
  }
  const band = phrase(`${terms.minHoursBefore}小时以上`, `${terms.minHoursBefore} h or more`);
  if (minutesLeft < terms.minHoursBefore * 60) {
    return {
      allowed: false,
      changeFeeFen: 0,
      differenceFeeFen: 0,
      payFen: 0,
      ruleId: id('change.too-late'),
      explanation: statement(
        withOrganizer(policy.name, timeLeft(minutesLeft, eventStart)),
        phrase(`换场须在开演前${terms.minHoursBefore}小时以上办理`, `a change must be made ${terms.minHoursBefore} h or more before the show`),
      ),
    };
  }
  const payFen = terms.feeFen + difference;
  return {
    allowed: true,
    changeFeeFen: terms.feeFen,
    differenceFeeFen: 0,
    payFen,
    ruleId: id(`change.${terms.minHoursBefore}h-or-more`),
    explanation: statement(
      withOrganizer(policy.name, timeLeftInBand(minutesLeft, eventStart, band)),
      terms.feeFen === 0
        ? phrase('不收换场费', 'no change fee')
        : phrase(`每张收取换场费 ${formatYuan(terms.feeFen)}（限换一次）`, `change fee ${formatYuan(terms.feeFen)} per ticket (one change only)`),
      faceValueDifference(fareFen, newFareFen),
      changeTotal(payFen),
    ),
  };
}

/** The organizers a version knows, for pickers and for showing terms before sale. */
export function eventOrganizers(version: EventRuleSetVersion): { organizer: string; name: Phrase }[] {
  return version.rules.organizers.map((o) => ({ organizer: o.organizer, name: o.name }));
}
