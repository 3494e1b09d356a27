/**
 * cn-rail-xb: Guangzhou–Shenzhen–Hong Kong cross-border trains (广深港), outside the cn-rail rules.
 * Refund fee by time left, in whole yuan with the fraction dropped; a changed ticket cannot be
 * refunded; refunds close 30 min before departure (45 min from Hong Kong West Kowloon).
 */
import type { ChangeQuote, ChangeQuoteInput, RefundQuote, RefundQuoteInput } from './types';
import type { CrossBorderRuleSetVersion } from './rulesets';
import { tierFor } from './rulesets';
import { changeFacts, refundFacts } from './input';
import { percentFee } from './rounding';
import {
  percentFeeSteps,
  phrase,
  railDeparture,
  refundAmount,
  statement,
  tierBand,
  timeLeft,
  timeLeftInBand,
} from './explain';

const name = phrase('广深港跨境列车', 'Guangzhou–Shenzhen–Hong Kong cross-border train');

export function quoteCrossBorderRefund(input: RefundQuoteInput, version: CrossBorderRuleSetVersion): RefundQuote {
  const facts = refundFacts(input);
  const { rules } = version;
  const id = (rule: string) => `${version.versionId}/${rule}`;
  const { fareFen, minutesLeft } = facts;
  const refused = (rule: string, why: ReturnType<typeof phrase>): RefundQuote => ({
    allowed: false,
    feeFen: fareFen,
    refundFen: 0,
    ruleId: id(rule),
    explanation: statement(
      phrase(
        `${name['zh-CN']}，${timeLeft(minutesLeft, railDeparture)['zh-CN']}`,
        `${name.en}, ${timeLeft(minutesLeft, railDeparture).en}`,
      ),
      why,
    ),
  });

  if (facts.involuntary) {
    return {
      allowed: true,
      feeFen: 0,
      refundFen: fareFen,
      ruleId: id('refund.involuntary'),
      explanation: statement(
        phrase(`${name['zh-CN']}，铁路责任退票`, `${name.en}, the railway's fault`),
        phrase('不收退票费', 'no refund fee'),
        refundAmount(fareFen),
      ),
    };
  }
  if (facts.changed && !rules.changedRefundable) {
    return refused(
      'refund.changed-not-refundable',
      phrase('改签后的车票不能退票', 'a changed ticket cannot be refunded'),
    );
  }
  const station = input.boardingStation ?? null;
  const cutoff = (station !== null ? rules.cutoffByStation[station] : undefined) ?? rules.cutoffMinutes;
  if (minutesLeft < cutoff) {
    const from =
      station !== null && rules.cutoffByStation[station] !== undefined
        ? phrase(`（${station}站）`, ` (from ${station})`)
        : phrase('', '');
    return refused(
      `refund.cutoff-${cutoff}min`,
      phrase(
        `退票须在开车前${cutoff}分钟以上办理${from['zh-CN']}`,
        `a refund closes ${cutoff} min before departure${from.en}`,
      ),
    );
  }
  const band = tierFor(rules.refundTiers, minutesLeft);
  if (!band) throw new Error(`${version.versionId}: refund tiers must end at 0 h`);
  const fee = percentFee(fareFen, band.tier.feePct, rules.rounding);
  const refundFen = fareFen - fee.feeFen;
  return {
    allowed: true,
    feeFen: fee.feeFen,
    refundFen,
    ruleId: id(`refund.tier-${band.tier.minHoursBefore}h`),
    explanation: statement(
      phrase(
        `${name['zh-CN']}，${timeLeftInBand(minutesLeft, railDeparture, tierBand(rules.refundTiers, band.index))['zh-CN']}`,
        `${name.en}, ${timeLeftInBand(minutesLeft, railDeparture, tierBand(rules.refundTiers, band.index)).en}`,
      ),
      percentFeeSteps(fee, phrase('退票费', 'refund fee'), null),
      refundAmount(refundFen),
    ),
  };
}

/** The published cross-border table covers refunds only: a change is not quoted from it. */
export function quoteCrossBorderChange(input: ChangeQuoteInput, version: CrossBorderRuleSetVersion): ChangeQuote {
  changeFacts(input);
  return {
    allowed: false,
    changeFeeFen: 0,
    differenceFeeFen: 0,
    payFen: 0,
    ruleId: `${version.versionId}/change.not-in-table`,
    explanation: phrase(
      `${name['zh-CN']}：已公布的跨境列车规定只有退票标准，改签请车站或人工办理`,
      `${name.en}: the published cross-border rules cover refunds only; a change is handled by the station or a person`,
    ),
  };
}
