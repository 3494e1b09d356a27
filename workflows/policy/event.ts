/**
 * event: each organizer publishes its own refund tiers and change terms (data in ./rulesets.ts).
 * Fees round half up to the fen. A 100% tier means no refund in that window.
 */
import type { ChangeQuote, ChangeQuoteInput, RefundQuote, RefundQuoteInput } from './types';
import type { EventRuleSetVersion, InstantRefundPolicy } from './rulesets';
import { organizerPolicy, tierFor } from './rulesets';
import { checkFen, changeFacts, refundFacts, type RefundFacts } from './input';
import { SHANGHAI_OFFSET_MINUTES, parseInstant } from './time';
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

  if (policy.instantRefund) return instantRefund(input, facts, policy.instantRefund, version, policy.name, id);

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
  const head = withOrganizer(
    policy.name,
    timeLeftInBand(minutesLeft, eventStart, tierBand(policy.refundTiers, band.index)),
  );
  if (band.tier.feePct >= 100) {
    return {
      allowed: false,
      feeFen: fareFen,
      refundFen: 0,
      ruleId,
      explanation: statement(
        head,
        phrase('主办方规定此时段不予退票', "the organizer's terms allow no refund in this window"),
      ),
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

/** "2024-03-15T23:59:59+08:00" → "2024-03-15 23:59:59", as organizers print their deadlines. */
function instantText(iso: string): string {
  return iso.slice(0, 19).replace('T', ' ');
}

/**
 * An organizer's tiers keyed to fixed instants (second edition): the first tier whose `until`
 * (inclusive, to the second) the request has not passed sets the fee, a percentage of the face
 * price or of the amount paid; from the cutoff on, no refund. A platform fee, when the organizer
 * charges one, comes on top; the total never exceeds what was paid.
 */
function instantRefund(
  input: RefundQuoteInput,
  facts: RefundFacts,
  terms: InstantRefundPolicy,
  version: EventRuleSetVersion,
  organizerName: Phrase,
  id: (rule: string) => string,
): RefundQuote {
  const { fareFen, requestedMs } = facts;
  const requestedSecond = Math.floor(requestedMs / 1000);
  const requestedLocal = instantText(new Date(requestedMs + SHANGHAI_OFFSET_MINUTES * 60_000).toISOString());
  const requestedText = phrase(`${requestedLocal} 申请`, `requested ${requestedLocal}`);
  const refused = (rule: string, why: Phrase): RefundQuote => ({
    allowed: false,
    feeFen: fareFen,
    refundFen: 0,
    ruleId: id(rule),
    explanation: statement(withOrganizer(organizerName, requestedText), why),
  });
  if (terms.wholeOrderOnly && input.wholeOrder === false) {
    return refused(
      'refund.whole-order-only',
      phrase(
        '主办方规定只能整单退票，不能只退部分门票',
        "the organizer's terms refund whole orders only, not some of their tickets",
      ),
    );
  }
  if (terms.oneRefundPerAccountPerShow && input.accountRefundedThisShow === true) {
    return refused(
      'refund.one-per-account',
      phrase(
        '主办方规定每个账号每场限退一次，该账号已退过',
        "the organizer's terms allow one refund per account per show, and this account has had it",
      ),
    );
  }
  const cutoffSecond = Math.floor(parseInstant(terms.cutoff, 'cutoff') / 1000);
  const index =
    requestedSecond < cutoffSecond
      ? terms.tiers.findIndex((t) => requestedSecond <= Math.floor(parseInstant(t.until, 'until') / 1000))
      : -1;
  const tier = terms.tiers[index];
  if (!tier) {
    return refused(
      'refund.after-cutoff',
      phrase(
        `主办方规定 ${instantText(terms.cutoff)} 起不予退票`,
        `the organizer's terms allow no refund from ${instantText(terms.cutoff)}`,
      ),
    );
  }
  const faceFen = input.faceFen == null ? fareFen : checkFen(input.faceFen, 'faceFen');
  const baseFen = tier.base === 'face' ? faceFen : fareFen;
  const baseName =
    tier.base === 'face'
      ? phrase(`票面价 ${formatYuan(faceFen)}`, `the face price ${formatYuan(faceFen)}`)
      : phrase(`实付金额 ${formatYuan(fareFen)}`, `the amount paid ${formatYuan(fareFen)}`);
  const fee = percentFee(baseFen, tier.feePct, version.rules.rounding);
  const platformFen =
    terms.platformFeeBasisPoints === null ? 0 : Math.floor((faceFen * terms.platformFeeBasisPoints + 5_000) / 10_000);
  const feeFen = Math.min(fareFen, fee.feeFen + platformFen);
  const refundFen = fareFen - feeFen;
  const tierText = phrase(
    `截至 ${instantText(tier.until)}（第${index + 1}档）`,
    `up to ${instantText(tier.until)} (tier ${index + 1})`,
  );
  const platformText =
    terms.platformFeeBasisPoints === null
      ? null
      : phrase(
          `另收平台服务费 票面价的${terms.platformFeeBasisPoints / 100}% ${formatYuan(platformFen)}`,
          `plus a platform fee of ${terms.platformFeeBasisPoints / 100}% of the face price: ${formatYuan(platformFen)}`,
        );
  const capped =
    feeFen < fee.feeFen + platformFen
      ? phrase(
          `手续费合计不超过实付金额，计为 ${formatYuan(feeFen)}`,
          `fees limited to the amount paid: ${formatYuan(feeFen)}`,
        )
      : null;
  return {
    allowed: true,
    feeFen,
    refundFen,
    ruleId: id(`refund.until-${tier.until.slice(0, 10)}`),
    explanation: statement(
      withOrganizer(
        organizerName,
        phrase(`${requestedText['zh-CN']}，${tierText['zh-CN']}`, `${requestedText.en}, ${tierText.en}`),
      ),
      tier.feePct === 0 ? phrase('不收手续费', 'no fee') : percentFeeSteps(fee, phrase('手续费', 'fee'), baseName),
      platformText,
      capped,
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
      explanation: withOrganizer(
        policy.name,
        phrase('主办方规定门票不可换场', "the organizer's terms allow no change of show"),
      ),
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
        phrase(
          `换场须在开演前${terms.minHoursBefore}小时以上办理`,
          `a change must be made ${terms.minHoursBefore} h or more before the show`,
        ),
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
        : phrase(
            `每张收取换场费 ${formatYuan(terms.feeFen)}（限换一次）`,
            `change fee ${formatYuan(terms.feeFen)} per ticket (one change only)`,
          ),
      faceValueDifference(fareFen, newFareFen),
      changeTotal(payFen),
    ),
  };
}

/** The organizers a version knows, for pickers and for showing terms before sale. */
export function eventOrganizers(version: EventRuleSetVersion): { organizer: string; name: Phrase }[] {
  return version.rules.organizers.map((o) => ({ organizer: o.organizer, name: o.name }));
}
