/**
 * The policy engine: every refund and change fee the console shows comes from here. Pure — no I/O,
 * no clock; every time is an input. Quotes use the rule-set version in force when the ticket was
 * bought and name it in `ruleId` (`cn-rail@2024-01-15/refund.tier-48h`); the *WithVersion variants
 * quote against a named version so a case can show old and new terms side by side.
 */
import type { ChangeQuote, ChangeQuoteInput, Explanation, RefundQuote, RefundQuoteInput, RuleSetId } from './types';
import { PolicyError } from './errors';
import { assertRuleSet, findVersion, ruleSetVersions, selectVersion, type RuleSetVersion } from './rulesets';
import { parseInstant } from './time';
import { quoteRailChange, quoteRailRefund } from './rail';
import { quoteCrossBorderChange, quoteCrossBorderRefund } from './cross-border';
import { airRefundDeadline, quoteAirChange, quoteAirRefund } from './air';
import { eventOrganizers, quoteEventChange, quoteEventRefund } from './event';

export type {
  ChangeQuote,
  ChangeQuoteInput,
  Explanation,
  ManualStep,
  NeedsReview,
  RefundQuote,
  RefundQuoteInput,
  RuleSetId,
  RushPeriod,
  TaxRefund,
} from './types';
export type { RuleSetVersion, RailRules, AirRules, EventRules, OrganizerPolicy, FeeTier } from './rulesets';
export { PolicyError, type PolicyErrorReason, type PolicyErrorDetails } from './errors';
export { addWorkingDays, isWorkingDay } from './calendar';
export {
  springFestivalRushPeriods,
  springFestivalRushByYear,
  springFestivalRushFor,
  inSpringFestivalRush,
} from './rulesets';
export { formatYuan, groupThousands } from './rounding';
export {
  knownRushPeriods,
  rushPeriodProblem,
  type KnownRushPeriod,
  type RushPeriodProblem,
  type RushPeriodProblemCode,
} from './rush-periods';
export { shanghaiDateTime } from './time';

export type RuleSetVersionInfo = {
  versionId: string;
  ruleSet: RuleSetId;
  effectiveFrom: string | null;
  summary: Explanation;
};

function versionFor(input: { ruleSet: unknown; purchasedAt: unknown }): RuleSetVersion {
  assertRuleSet(input.ruleSet);
  return selectVersion(ruleSetVersions, input.ruleSet, parseInstant(input.purchasedAt, 'purchasedAt'));
}

function namedVersion(input: { ruleSet: unknown }, versionId: string): RuleSetVersion {
  assertRuleSet(input.ruleSet);
  const version = findVersion(versionId);
  if (version.ruleSet !== input.ruleSet) {
    throw new PolicyError('UNKNOWN_VERSION', 'versionId', versionId, {
      en: `Version ${versionId} belongs to rule set ${version.ruleSet}, not ${input.ruleSet}`,
      'zh-CN': `规则版本 ${versionId} 属于 ${version.ruleSet}，不是 ${input.ruleSet}`,
    });
  }
  return version;
}

function refundUnder(version: RuleSetVersion, input: RefundQuoteInput): RefundQuote {
  switch (version.ruleSet) {
    case 'cn-rail':
      return quoteRailRefund(input, version);
    case 'cn-rail-xb':
      return quoteCrossBorderRefund(input, version);
    case 'cn-air':
      return quoteAirRefund(input, version);
    case 'event':
      return quoteEventRefund(input, version);
    default: {
      const unreachable: never = version;
      throw new Error(`unknown rule set ${String(unreachable)}`);
    }
  }
}

function changeUnder(version: RuleSetVersion, input: ChangeQuoteInput): ChangeQuote {
  switch (version.ruleSet) {
    case 'cn-rail':
      return quoteRailChange(input, version);
    case 'cn-rail-xb':
      return quoteCrossBorderChange(input, version);
    case 'cn-air':
      return quoteAirChange(input, version);
    case 'event':
      return quoteEventChange(input, version);
    default: {
      const unreachable: never = version;
      throw new Error(`unknown rule set ${String(unreachable)}`);
    }
  }
}

/** The refund fee and amount for one ticket, under the rules in force when it was bought. */
export function quoteRefund(input: RefundQuoteInput): RefundQuote {
  return refundUnder(versionFor(input), input);
}

/** The change fee, difference fee and amount to pay (or receive) for moving one ticket. */
export function quoteChange(input: ChangeQuoteInput): ChangeQuote {
  return changeUnder(versionFor(input), input);
}

/** quoteRefund under a named version (see listRuleSetVersions), whatever the purchase date. */
export function quoteRefundWithVersion(input: RefundQuoteInput, versionId: string): RefundQuote {
  return refundUnder(namedVersion(input, versionId), input);
}

export function quoteChangeWithVersion(input: ChangeQuoteInput, versionId: string): ChangeQuote {
  return changeUnder(namedVersion(input, versionId), input);
}

/** The version a quote was made under, from its ruleId (`cn-air@2017-07-07/refund.class-Y...` → `cn-air@2017-07-07`). */
export function versionOfRuleId(ruleId: string): string {
  return ruleId.split('/', 1)[0] ?? ruleId;
}

/** The version of a rule set in force at an instant (ISO with offset). */
export function ruleSetVersionAt(ruleSet: RuleSetId, instant: string): RuleSetVersion {
  assertRuleSet(ruleSet);
  return selectVersion(ruleSetVersions, ruleSet, parseInstant(instant, 'instant'));
}

/** Every version with its full rules, as data (the admin's rule tables render these, never a re-typed copy). */
export function ruleSetVersionsWithRules(): readonly RuleSetVersion[] {
  return ruleSetVersions;
}

/** Every version the engine knows, oldest first within each rule set. */
export function listRuleSetVersions(ruleSet?: RuleSetId): RuleSetVersionInfo[] {
  if (ruleSet !== undefined) assertRuleSet(ruleSet);
  return ruleSetVersions
    .filter((v) => ruleSet === undefined || v.ruleSet === ruleSet)
    .map(({ versionId, ruleSet: id, effectiveFrom, summary }) => ({ versionId, ruleSet: id, effectiveFrom, summary }));
}

/**
 * When a refund must be completed, or null when the rule set sets no deadline. cn-air: the end
 * (23:59:59+08:00) of the 7th working day after the application.
 */
export function refundDeadline(input: { ruleSet: RuleSetId; purchasedAt: string; requestedAt: string }): string | null {
  const version = versionFor(input);
  return version.ruleSet === 'cn-air' ? airRefundDeadline(input.requestedAt, version) : null;
}

/** The organizers the current event rules know (organizer id and display name). */
export function listEventOrganizers(at: string): { organizer: string; name: Explanation }[] {
  const version = ruleSetVersionAt('event', at);
  return version.ruleSet === 'event' ? eventOrganizers(version) : [];
}
