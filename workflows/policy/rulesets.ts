/**
 * Fare rules as versioned data. Each rule set has versions with an effective date; a quote uses the
 * version in force when the ticket was bought (the conditions shown to the passenger before
 * purchase govern the ticket — the air regulation requires exactly that) and names it in its
 * ruleId, e.g. `cn-rail@2024-01-15/refund.tier-48h`.
 */
import { PolicyError } from './errors';
import type { Explanation, RuleSetId, RushPeriod } from './types';
import { shanghaiDate } from './time';
import type { Rounding } from './rounding';
import type { PaymentMethod, PurchaseType, SalesChannel } from '../../shared/bookings';

/** A fee that applies when at least `minHoursBefore` hours are left; tiers are listed longest first. */
export type FeeTier = { minHoursBefore: number; feePct: number };

/**
 * 误购: a refund within `withinMinutes` of payment while `minHoursBefore` or more are left is free.
 * `oncePer` 'passenger': once per passenger per Shanghai day (first edition); 'purchaser-order': one
 * order per purchasing account per Shanghai day (its other tickets stay free). `onlyFor`: the sales
 * it applies to (a ticket whose sale is not known does not qualify); null: any sale.
 */
export type MistakenPurchaseRule = {
  withinMinutes: number;
  minHoursBefore: number;
  oncePer: 'passenger' | 'purchaser-order';
  onlyFor: {
    channels: readonly SalesChannel[];
    payments: readonly PaymentMethod[];
    purchaseTypes: readonly PurchaseType[];
  } | null;
};

export type RailRules = {
  rounding: Rounding;
  /** Refund fee by time left; the last tier has minHoursBefore 0 and also prices the fare difference after departure. */
  refundTiers: FeeTier[];
  /** A refund fee, when one is due at all, is at least this much. */
  refundMinimumFen: number;
  /** Free refund shortly after payment (误购); never for changed tickets. */
  mistakenPurchase: MistakenPurchaseRule;
  /** A ticket changed from under `thresholdHours` to a train `thresholdHours` or more away, refunded that early, pays feePct. */
  changedFromNearToFar: { thresholdHours: number; feePct: number };
  /** A changed ticket whose new date is in a Spring Festival rush pays this on refund, whatever the time left. */
  changedInSpringFestivalFeePct: number;
  /** The fee on a lower new fare's difference, at the refund scale for the time left before the original departure. */
  differenceFee: {
    /** First edition: the refund fee's ¥2 minimum; second edition: none (see reviewBelowFen). */
    minimumFen: number;
    /** A change made after departure pays this percentage of the difference. */
    afterDepartureFeePct: number;
    /** A computed fee above 0 and under this is flagged for a person to confirm; null: never flagged. */
    reviewBelowFen: number | null;
  };
  /** After the scheduled departure: refused outright, or only at a station with its approval (a manual step). */
  afterDepartureRefund: 'refused' | 'station-approval';
  /** A ticket changed after its original train left can still be refunded. */
  changedAfterDepartureRefundable: boolean;
  /** A change of arrival station (变更到站) is allowed this long before departure or more; null: priced like any change. */
  arrivalStationChange: { minHoursBefore: number } | null;
  change: {
    /** At least this long before departure: any train in the sale period, free. */
    freeAnyTrainHoursBefore: number;
    /** Under freeAnyTrainHoursBefore, to a train after the ticket's date; null: not allowed. */
    laterDateTiers: FeeTier[] | null;
    /** After departure, before 24:00 that day, to a train on a later day; null: not allowed. */
    afterDepartureLaterDayFeePct: number | null;
  };
};

/** A percentage of the fare, or the fare class's special terms. */
export type AirChangeTerm = number | 'not-changeable';
/** 'taxes-only': nothing of the fare comes back; only taxes, which are not part of the fare, are refunded. */
export type AirRefundTerm = number | 'taxes-only';

export type AirFareClassRow = {
  classes: string[];
  changeAtLeast: AirChangeTerm;
  changeUnder: AirChangeTerm;
  refundAtLeast: AirRefundTerm;
  refundUnder: AirRefundTerm;
};

export type AirRules = {
  rounding: Rounding;
  /** The table's columns split at this many hours before departure. */
  thresholdHours: number;
  fareClasses: AirFareClassRow[];
  /** The refund must be completed within this many working days of a valid application. */
  refundDeadlineWorkingDays: number;
  /** The quote refunds the ticket's taxes (development fund, fuel surcharge) in full, apart from the fare; false: taxes are left out of the quote. */
  refundsTaxes: boolean;
  /** A voluntary change to a lower fare: the difference is kept ('difference-kept'), or it is a refund and a new purchase, not a change. */
  lowerFareChange: 'difference-kept' | 'refund-and-new-purchase';
  /** A request after the scheduled departure: priced from the under-threshold column, or sent to a person with the carrier's no-show conditions. */
  afterDeparture: 'under-threshold-column' | 'carrier-no-show';
};

export type OrganizerChangeTerms =
  | { allowed: false }
  /** Allowed (once — the caller enforces that) up to minHoursBefore, for a fixed fee per ticket. */
  | { allowed: true; minHoursBefore: number; feeFen: number };

/** A tier of a refund policy keyed to fixed instants: requests up to `until` (inclusive, to the second) pay feePct of the base. */
export type InstantFeeTier = { until: string; feePct: number; base: 'paid' | 'face' };

export type InstantRefundPolicy = {
  /** Ordered, earliest `until` first. */
  tiers: InstantFeeTier[];
  /** From this instant on, no refund at all. */
  cutoff: string;
  /** Only a whole order can be refunded, never some of its tickets. */
  wholeOrderOnly: boolean;
  /** One refund per buying account per show. */
  oneRefundPerAccountPerShow: boolean;
  /** An extra platform fee in basis points of the face price (60 = 0.6%); null: none. */
  platformFeeBasisPoints: number | null;
};

type OrganizerBase = { organizer: string; name: Explanation; change: OrganizerChangeTerms };

/** An organizer's terms: tiers by hours before the show, or (second edition) keyed to fixed instants. */
export type OrganizerPolicy = OrganizerBase &
  (
    | {
        /** A 100% tier means no refund at all in that window. */
        refundTiers: FeeTier[];
        instantRefund?: undefined;
      }
    | { refundTiers?: undefined; instantRefund: InstantRefundPolicy }
  );

export type EventRules = {
  rounding: Rounding;
  /** Used when a booking names no organizer. */
  defaultOrganizer: string;
  organizers: OrganizerPolicy[];
};

type VersionBase = {
  /** `${ruleSet}@${effectiveFrom}`; the prefix of every ruleId a quote under this version returns. */
  versionId: string;
  /** First Asia/Shanghai calendar day (YYYY-MM-DD) the version applies to; null: no known start. */
  effectiveFrom: string | null;
  summary: Explanation;
};

export type RailRuleSetVersion = VersionBase & { ruleSet: 'cn-rail'; rules: RailRules };
export type CrossBorderRuleSetVersion = VersionBase & { ruleSet: 'cn-rail-xb'; rules: CrossBorderRules };
export type AirRuleSetVersion = VersionBase & { ruleSet: 'cn-air'; rules: AirRules };
export type EventRuleSetVersion = VersionBase & { ruleSet: 'event'; rules: EventRules };
export type RuleSetVersion = RailRuleSetVersion | CrossBorderRuleSetVersion | AirRuleSetVersion | EventRuleSetVersion;

/** Guangzhou–Shenzhen–Hong Kong cross-border trains (广深港): their own refund table. */
export type CrossBorderRules = {
  rounding: Rounding;
  refundTiers: FeeTier[];
  /** A changed ticket cannot be refunded. */
  changedRefundable: boolean;
  /** Refunds close this many minutes before departure; stations named in cutoffByStation have their own. */
  cutoffMinutes: number;
  cutoffByStation: Record<string, number>;
};

/**
 * Spring Festival rush (春运) dates per year, inclusive Asia/Shanghai dates, as data: enter each year
 * when it is announced. 2026: 2026-02-02 to 2026-03-13 (fare-rules.md, second edition). 2027: not
 * yet published — a quote that would need it says so instead of guessing.
 */
export const springFestivalRushByYear: Readonly<Record<number, { from: string; to: string } | 'not-published'>> = {
  2026: { from: '2026-02-02', to: '2026-03-13' },
  2027: 'not-published',
};

/** The published rush periods (years with dates), oldest first. */
export const springFestivalRushPeriods: readonly RushPeriod[] = Object.entries(springFestivalRushByYear).flatMap(
  ([year, p]) => (p === 'not-published' ? [] : [{ year: Number(year), ...p }]),
);

/**
 * Whether a travel date is in the rush: 'unknown' when its year's dates are not published (and the
 * date is in January to March, where a rush always falls: 40 days around 春节, which is between
 * Jan 21 and Feb 20). `entered` adds years an admin entered; they win over the published table.
 */
export function springFestivalRushFor(
  date: string,
  entered: readonly RushPeriod[] = [],
): { status: 'in'; period: RushPeriod } | { status: 'out' } | { status: 'unknown'; year: number } {
  const year = Number(date.slice(0, 4));
  const published = springFestivalRushByYear[year];
  const period =
    entered.find((p) => p.year === year) ??
    (published && published !== 'not-published' ? { year, ...published } : undefined);
  if (period) return period.from <= date && date <= period.to ? { status: 'in', period } : { status: 'out' };
  return date.slice(5) <= '03-31' ? { status: 'unknown', year } : { status: 'out' };
}

export function inSpringFestivalRush(date: string): boolean {
  return springFestivalRushFor(date).status === 'in';
}

const railRefundTiers: FeeTier[] = [
  { minHoursBefore: 192, feePct: 0 },
  { minHoursBefore: 48, feePct: 5 },
  { minHoursBefore: 24, feePct: 10 },
  { minHoursBefore: 0, feePct: 20 },
];

const railRefundCommon = {
  rounding: 'half-yuan',
  refundTiers: railRefundTiers,
  refundMinimumFen: 200,
  mistakenPurchase: { withinMinutes: 30, minHoursBefore: 4, oncePer: 'passenger', onlyFor: null },
  changedFromNearToFar: { thresholdHours: 192, feePct: 5 },
  changedInSpringFestivalFeePct: 20,
  // First-edition readings of what the second edition settles (see cnRail2026Dec for the settled ones).
  differenceFee: { minimumFen: 200, afterDepartureFeePct: 20, reviewBelowFen: null },
  afterDepartureRefund: 'refused',
  changedAfterDepartureRefundable: true,
  arrivalStationChange: null,
} as const satisfies Omit<RailRules, 'change'>;

const cnRail2024: RailRuleSetVersion = {
  ruleSet: 'cn-rail',
  versionId: 'cn-rail@2024-01-15',
  effectiveFrom: '2024-01-15',
  summary: {
    'zh-CN': '12306 退改规则（2024-01-15 起改签规则）：可改签至票面日期之后的列车，按时间收取改签费',
    en: '12306 rules (change rules from 2024-01-15): changes to a later date allowed, with a change fee by time left',
  },
  rules: {
    ...railRefundCommon,
    refundTiers: [...railRefundTiers],
    change: {
      freeAnyTrainHoursBefore: 48,
      laterDateTiers: [
        { minHoursBefore: 24, feePct: 5 },
        { minHoursBefore: 0, feePct: 15 },
      ],
      afterDepartureLaterDayFeePct: 40,
    },
  },
};

/**
 * The mistaken-purchase window as corrected (fare-rules.md, second edition): one order per
 * purchasing account per calendar day, only for online sales paid electronically or with points,
 * bought the normal way (not reservation, waitlist, group, air-rail, water-rail or passes).
 * Effective for tickets bought from 2026-02-02; the change rules are those of 2024-01-15.
 */
const cnRail2026MistakenPurchase: RailRuleSetVersion = {
  ruleSet: 'cn-rail',
  versionId: 'cn-rail@2026-02-02',
  effectiveFrom: '2026-02-02',
  summary: {
    'zh-CN':
      '12306 退改规则（2026-02-02 起）：误购免费退票限互联网电子支付或积分支付的普通购票，每个购票账号每天限一个订单',
    en: '12306 rules from 2026-02-02: the free mistaken-purchase refund only for normal online purchases paid electronically or with points, one order per purchasing account per day',
  },
  rules: {
    ...cnRail2024.rules,
    refundTiers: [...railRefundTiers],
    mistakenPurchase: {
      withinMinutes: 30,
      minHoursBefore: 4,
      oncePer: 'purchaser-order',
      onlyFor: { channels: ['online'], payments: ['electronic', 'points'], purchaseTypes: ['normal'] },
    },
  },
};

/**
 * Before 2024-01-15 changes were free but, under 48 h before departure, only to trains up to the
 * end of the ticket's date (after departure: the same day only). Reconstructed from the 2024
 * announcement of what changed; no start date is recorded, so it covers everything earlier.
 * Check against the old 12306 notice before quoting it to a customer.
 */
const cnRailBefore2024: RailRuleSetVersion = {
  ruleSet: 'cn-rail',
  versionId: 'cn-rail@before-2024-01-15',
  effectiveFrom: null,
  summary: {
    'zh-CN': '12306 旧改签规则（2024-01-15 前）：开车前48小时内只能改签至票面日期当日24时前的列车，不收改签费',
    en: '12306 change rules before 2024-01-15: under 48 h only to trains up to the end of the ticket date, no change fee',
  },
  rules: {
    ...railRefundCommon,
    refundTiers: [...railRefundTiers],
    change: { freeAnyTrainHoursBefore: 48, laterDateTiers: null, afterDepartureLaterDayFeePct: null },
  },
};

/**
 * The second edition of fare-rules.md ("Settled from the published sources", 12306 《退改说明》 as
 * in force in 2026). The document dates these rules only by its own date, so the version starts
 * 2026-12-01. It builds on the mistaken-purchase correction of 2026-02-02.
 */
const cnRail2026Dec: RailRuleSetVersion = {
  ruleSet: 'cn-rail',
  versionId: 'cn-rail@2026-12-01',
  effectiveFrom: '2026-12-01',
  summary: {
    'zh-CN':
      '12306 退改说明（2026）：变更到站须在开车前48小时以上；差额退票费按原车开车前时间计、开车后20%，不足2元需人工确认；开车后线上不办理退票，须车站同意；开车后改签的车票不退',
    en: '12306 rules as in force in 2026: arrival-station change 48 h or more ahead; the difference fee by the time before the original departure, 20% after it, under ¥2 confirmed by a person; no online refund after departure (station approval), none for a ticket changed after departure',
  },
  rules: {
    ...cnRail2026MistakenPurchase.rules,
    refundTiers: [...railRefundTiers],
    differenceFee: { minimumFen: 0, afterDepartureFeePct: 20, reviewBelowFen: 200 },
    afterDepartureRefund: 'station-approval',
    changedAfterDepartureRefundable: false,
    arrivalStationChange: { minHoursBefore: 48 },
  },
};

/**
 * Guangzhou–Shenzhen–Hong Kong cross-border trains (fare-rules.md, second edition): outside the
 * cn-rail rules. No date is given, so the document's date 2026-12-01 is used.
 */
const cnRailXb2026: CrossBorderRuleSetVersion = {
  ruleSet: 'cn-rail-xb',
  versionId: 'cn-rail-xb@2026-12-01',
  effectiveFrom: '2026-12-01',
  summary: {
    'zh-CN':
      '广深港跨境列车退票规定：8天以上5%，48小时以上至7天30%，不足48小时50%，按元收取；改签后不可退票；开车前30分钟（香港西九龙45分钟）截止',
    en: 'Guangzhou–Shenzhen–Hong Kong cross-border trains: refund 8 days or more 5%, 48 h to day 7 30%, under 48 h 50%, whole yuan; no refund after a change; closes 30 min before departure (45 min from Hong Kong West Kowloon)',
  },
  rules: {
    rounding: 'yuan-down',
    refundTiers: [
      { minHoursBefore: 192, feePct: 5 },
      { minHoursBefore: 48, feePct: 30 },
      { minHoursBefore: 0, feePct: 50 },
    ],
    changedRefundable: false,
    cutoffMinutes: 30,
    cutoffByStation: { 香港西九龙: 45 },
  },
};

/** One airline's published domestic conditions (tickets sold from 2017-07-07), used as the preset. */
const cnAir2017: AirRuleSetVersion = {
  ruleSet: 'cn-air',
  versionId: 'cn-air@2017-07-07',
  effectiveFrom: '2017-07-07',
  summary: {
    'zh-CN': '航空公司国内客票退改规定（2017-07-07 起售客票），按舱位及是否距起飞2小时以上',
    en: "An airline's domestic refund and change conditions (tickets sold from 2017-07-07), by fare class and whether 2 h or more before departure",
  },
  rules: {
    rounding: 'yuan-half-up',
    thresholdHours: 2,
    refundDeadlineWorkingDays: 7,
    // First-edition readings, kept for tickets sold under this version (see cnAir2021 for the settled ones).
    refundsTaxes: false,
    lowerFareChange: 'difference-kept',
    afterDeparture: 'under-threshold-column',
    fareClasses: [
      { classes: ['F'], changeAtLeast: 0, changeUnder: 5, refundAtLeast: 5, refundUnder: 10 },
      { classes: ['Y', 'W'], changeAtLeast: 0, changeUnder: 5, refundAtLeast: 5, refundUnder: 15 },
      { classes: ['C'], changeAtLeast: 5, changeUnder: 10, refundAtLeast: 10, refundUnder: 20 },
      { classes: ['D', 'I', 'B', 'M', 'H'], changeAtLeast: 10, changeUnder: 20, refundAtLeast: 20, refundUnder: 30 },
      { classes: ['U', 'A', 'L'], changeAtLeast: 20, changeUnder: 30, refundAtLeast: 30, refundUnder: 50 },
      { classes: ['E', 'V'], changeAtLeast: 30, changeUnder: 50, refundAtLeast: 50, refundUnder: 'taxes-only' },
      {
        classes: ['Z', 'T', 'N', 'R', 'G'],
        changeAtLeast: 'not-changeable',
        changeUnder: 'not-changeable',
        refundAtLeast: 'taxes-only',
        refundUnder: 'taxes-only',
      },
    ],
  },
};

/**
 * The second edition of fare-rules.md ("More on cn-air"): fees on the fare only, taxes always
 * refunded (also under "taxes only"), a refund fee never above the fare, a voluntary change to a
 * lower fare is a refund and a new purchase, nothing after the scheduled departure is quoted from
 * the table. Effective 2021-09-01, the day the regulation on public air transport passenger service
 * came into force: it is what settles the involuntary, change and no-show rules; the 2018 CAAC
 * notice's cap on the refund fee was already in force then, so on that day every rule of this
 * version held (starting at 2018 would claim the 2021 rules for tickets sold before them).
 */
const cnAir2021: AirRuleSetVersion = {
  ruleSet: 'cn-air',
  versionId: 'cn-air@2021-09-01',
  effectiveFrom: '2021-09-01',
  summary: {
    'zh-CN':
      '民航旅客服务规定（2021-09-01 起）与航空公司国内客票退改规定：退改费只按票价计，民航发展基金和燃油附加费全额退还，退票费不超过票价；非自愿退改不收费；自愿变更至较低票价按退票并重新购票办理；起飞后误机按承运人规定人工处理',
    en: 'Air passenger service regulation (from 2021-09-01) with an airline’s domestic conditions: fees on the fare only, the development fund and fuel surcharge always refunded, a refund fee never above the fare; involuntary changes and refunds free; a voluntary change to a lower fare is a refund and a new purchase; after departure (no-show) a person applies the carrier’s conditions',
  },
  rules: {
    ...cnAir2017.rules,
    fareClasses: cnAir2017.rules.fareClasses.map((row) => ({ ...row, classes: [...row.classes] })),
    refundsTaxes: true,
    lowerFareChange: 'refund-and-new-purchase',
    afterDeparture: 'carrier-no-show',
  },
};

/** Sample organizer terms: organizers publish their own; add each one the business sells for. */
const event2025: EventRuleSetVersion = {
  ruleSet: 'event',
  versionId: 'event@2025-01-01',
  effectiveFrom: '2025-01-01',
  summary: {
    'zh-CN': '演出主办方退改规定（示例数据）',
    en: 'Event organizers’ refund and change terms (sample data)',
  },
  rules: {
    rounding: 'fen-half-up',
    defaultOrganizer: 'default',
    organizers: [
      {
        organizer: 'default',
        name: { 'zh-CN': '默认主办方规定', en: 'default organizer terms' },
        refundTiers: [
          { minHoursBefore: 168, feePct: 0 },
          { minHoursBefore: 48, feePct: 20 },
          { minHoursBefore: 0, feePct: 100 },
        ],
        change: { allowed: false },
      },
      {
        organizer: 'poly-theatre',
        name: { 'zh-CN': '保利剧院', en: 'Poly Theatre' },
        refundTiers: [
          { minHoursBefore: 720, feePct: 0 },
          { minHoursBefore: 168, feePct: 10 },
          { minHoursBefore: 48, feePct: 30 },
          { minHoursBefore: 0, feePct: 100 },
        ],
        change: { allowed: true, minHoursBefore: 48, feeFen: 1_000 },
      },
    ],
  },
};

/**
 * Second edition: organizer terms keyed to fixed instants, with the document's example organizer
 * (告五人, Hefei 2024). No date is given for the change, so the document's date 2026-12-01 is used.
 */
const event2026Dec: EventRuleSetVersion = {
  ruleSet: 'event',
  versionId: 'event@2026-12-01',
  effectiveFrom: '2026-12-01',
  summary: {
    'zh-CN':
      '演出主办方退改规定：按固定时间点分档（票面价或实付金额的百分比）、截止时间、整单退、每账号每场限退一次、平台服务费',
    en: 'Event organizers’ terms: tiers keyed to fixed instants (a percentage of the face price or of the amount paid), a cutoff, whole order only, one refund per account per show, a platform fee',
  },
  rules: {
    ...event2025.rules,
    organizers: [
      ...event2025.rules.organizers,
      {
        organizer: 'accusefive-hefei-2024',
        name: { 'zh-CN': '告五人（合肥，2024）', en: 'Accusefive (Hefei, 2024)' },
        instantRefund: {
          tiers: [
            { until: '2024-03-15T23:59:59+08:00', feePct: 20, base: 'face' },
            { until: '2024-03-29T23:59:59+08:00', feePct: 50, base: 'face' },
            { until: '2024-04-05T23:59:59+08:00', feePct: 80, base: 'face' },
          ],
          cutoff: '2024-04-06T00:00:00+08:00',
          // The document gives this organizer's tiers only; it names none of the flags for it.
          wholeOrderOnly: false,
          oneRefundPerAccountPerShow: false,
          platformFeeBasisPoints: null,
        },
        change: { allowed: false },
      },
    ],
  },
};

export const ruleSetVersions: readonly RuleSetVersion[] = [
  cnRailBefore2024,
  cnRail2024,
  cnRail2026MistakenPurchase,
  cnRail2026Dec,
  cnRailXb2026,
  cnAir2017,
  cnAir2021,
  event2025,
  event2026Dec,
];

const ruleSetIds: readonly RuleSetId[] = ['cn-rail', 'cn-rail-xb', 'cn-air', 'event'];

export function assertRuleSet(ruleSet: unknown): asserts ruleSet is RuleSetId {
  if (!ruleSetIds.includes(ruleSet as RuleSetId)) {
    throw new PolicyError('UNKNOWN_RULE_SET', 'ruleSet', ruleSet, {
      en: `Unknown rule set "${String(ruleSet)}"; expected one of ${ruleSetIds.join(', ')}`,
      'zh-CN': `未知的规则集「${String(ruleSet)}」，应为 ${ruleSetIds.join('、')} 之一`,
    });
  }
}

/**
 * The version in force on the Asia/Shanghai day of `epochMs`, chosen from `versions` (pass a
 * test-only list to exercise the mechanism). Throws when none had started yet.
 */
export function selectVersion<V extends RuleSetVersion>(
  versions: readonly V[],
  ruleSet: RuleSetId,
  epochMs: number,
): V {
  const day = shanghaiDate(epochMs);
  let chosen: V | undefined;
  for (const version of versions) {
    if (version.ruleSet !== ruleSet) continue;
    if (version.effectiveFrom !== null && version.effectiveFrom > day) continue;
    if (!chosen || (chosen.effectiveFrom ?? '') < (version.effectiveFrom ?? '')) chosen = version;
  }
  if (!chosen) {
    throw new PolicyError('NO_VERSION_IN_FORCE', 'purchasedAt', day, {
      en: `No ${ruleSet} rules were in force on ${day}; the engine has no conditions for tickets sold then`,
      'zh-CN': `${day} 没有生效的 ${ruleSet} 规则，无法计算该日售出客票的费用`,
    });
  }
  return chosen;
}

export function findVersion(versionId: unknown): RuleSetVersion {
  const version = ruleSetVersions.find((v) => v.versionId === versionId);
  if (!version) {
    throw new PolicyError('UNKNOWN_VERSION', 'versionId', versionId, {
      en: `Unknown rule set version "${String(versionId)}"; known: ${ruleSetVersions.map((v) => v.versionId).join(', ')}`,
      'zh-CN': `未知的规则版本「${String(versionId)}」，现有：${ruleSetVersions.map((v) => v.versionId).join('、')}`,
    });
  }
  return version;
}

/** The organizer's terms; no organizer named → the version's default organizer. */
export function organizerPolicy(rules: EventRules, organizer: string | null | undefined): OrganizerPolicy {
  const key = organizer ?? rules.defaultOrganizer;
  const policy = rules.organizers.find((o) => o.organizer === key);
  if (!policy) {
    throw new PolicyError('UNKNOWN_ORGANIZER', 'organizer', organizer, {
      en: `Unknown event organizer "${key}"; known: ${rules.organizers.map((o) => o.organizer).join(', ')}`,
      'zh-CN': `未知的演出主办方「${key}」，现有：${rules.organizers.map((o) => o.organizer).join('、')}`,
    });
  }
  return policy;
}

/** The first tier whose minimum the time left reaches; undefined after departure (minutesLeft < 0). */
export function tierFor(tiers: readonly FeeTier[], minutesLeft: number): { tier: FeeTier; index: number } | undefined {
  const index = tiers.findIndex((t) => minutesLeft >= t.minHoursBefore * 60);
  const tier = tiers[index];
  return tier ? { tier, index } : undefined;
}
