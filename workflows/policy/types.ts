import type { Sale, TicketTaxes } from '../../shared/bookings';

/**
 * The policy engine's public contract (issue 3). Every fee the console shows comes from
 * quoteRefund / quoteChange in ./index.ts; machines and the server call these, never compute fees.
 */
/** cn-rail-xb: the Guangzhou–Shenzhen–Hong Kong cross-border trains, outside the cn-rail rules; a departure is cross-border when its ruleSet says so. */
export type RuleSetId = 'cn-rail' | 'cn-rail-xb' | 'cn-air' | 'event';

export type Explanation = { 'zh-CN': string; en: string };

/** A year's Spring Festival rush (春运), inclusive Asia/Shanghai dates (YYYY-MM-DD). */
export type RushPeriod = { year: number; from: string; to: string };

/** The quote stands but a person confirms it before it is given to the customer (say why). */
export type NeedsReview = { reason: Explanation };

/**
 * The refund is not decided by the preset table: a manual step decides it. cn-rail after departure:
 * the station's approval; cn-air after the scheduled departure: a person applies the carrier's
 * no-show (误机) conditions.
 */
export type ManualStep = { kind: 'station-approval' | 'carrier-no-show'; reason: Explanation };

/** Taxes refunded with an air ticket, apart from the fare; totalFen is their sum. */
export type TaxRefund = TicketTaxes & { totalFen: number };

export type RefundQuoteInput = {
  ruleSet: RuleSetId;
  fareFen: number; // what was paid for this ticket, integer fen
  purchasedAt: string; // ISO 8601 instants with offset
  departureAt: string;
  requestedAt: string;
  involuntary?: boolean; // carrier's fault, cancellation
  fareClass?: string; // cn-air
  /** cn-air: the ticket's taxes, apart from fareFen (fees never apply to them); absent or null: none. */
  taxes?: TicketTaxes | null;
  changed?: boolean; // the ticket was changed before
  /**
   * cn-rail: the free mistaken-purchase refund is already used up for this ticket today. What counts
   * is the version's rule (see mistaken-purchase.ts): from cn-rail@2026-02-02 the purchasing account
   * had one on another order today; before, the passenger had one today.
   */
  mistakenPurchaseUsedToday?: boolean;
  /** When payment succeeded (the mistaken-purchase window runs from it); absent or null: purchasedAt. */
  paidAt?: string | null;
  /** cn-rail: how the ticket was sold; absent or null: not known (then the sales-limited window does not apply). */
  sale?: Sale | null;
  organizer?: string | null; // event; absent or null: the event rules' default organizer
  /**
   * cn-rail, for a changed ticket: when it was changed and the original train's departure. They
   * decide the "changed from under 8 days to 8 days or more" 5% rule; without them that rule is
   * not applied and the explanation says so.
   */
  changedAt?: string | null;
  originalDepartureAt?: string | null;
  /** cn-rail: rush years entered by an admin, on top of the published ones in ./rulesets.ts. */
  springFestivalRush?: readonly RushPeriod[] | null;
  /** cn-rail-xb: the boarding station's name (香港西九龙 has a longer cut-off). */
  boardingStation?: string | null;
  /** event: the face price, when the base of a tier is the face price rather than what was paid; absent: fareFen. */
  faceFen?: number | null;
  /** event: the request covers every ticket of the order (organizers may refund whole orders only); absent: true. */
  wholeOrder?: boolean;
  /** event: the buying account already had a refund for this show (organizers may allow one). */
  accountRefundedThisShow?: boolean;
};

/**
 * Always feeFen + refundFen = fareFen + (taxes?.totalFen ?? 0): refundFen is what is paid back,
 * taxes included. When allowed is false nothing comes back: feeFen = fareFen, refundFen = 0, and
 * the explanation says why.
 */
export type RefundQuote = {
  allowed: boolean;
  feeFen: number;
  refundFen: number;
  ruleId: string;
  explanation: Explanation;
  /** cn-air from cn-air@2021-09-01: the taxes refunded, always in full (part of refundFen; the fee is on the fare only). */
  taxes?: TaxRefund;
  needsReview?: NeedsReview;
  manualStep?: ManualStep;
};

export type ChangeQuoteInput = {
  ruleSet: RuleSetId;
  fareFen: number;
  newFareFen: number;
  purchasedAt: string;
  departureAt: string;
  newDepartureAt: string;
  requestedAt: string;
  involuntary?: boolean;
  fareClass?: string;
  organizer?: string | null; // event
  /** cn-rail: a change of arrival station (变更到站, same departure station); it is the ticket's one change. */
  arrivalStationChange?: boolean;
};

/**
 * payFen = changeFeeFen + (newFareFen - fareFen) + differenceFeeFen, where differenceFeeFen is the
 * part of a lower new fare's difference that is kept. When allowed is false all three are 0.
 * One change per ticket is the caller's to enforce (the ticket's `changed` flag).
 */
export type ChangeQuote = {
  allowed: boolean;
  changeFeeFen: number;
  differenceFeeFen: number;
  payFen: number; // > 0 the passenger pays, < 0 receives
  ruleId: string;
  explanation: Explanation;
  needsReview?: NeedsReview;
  /** cn-air after the scheduled departure: refused here, a person handles it under the carrier's no-show conditions. */
  manualStep?: ManualStep;
};
