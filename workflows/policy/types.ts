/**
 * The policy engine's public contract (issue 3). Every fee the console shows comes from
 * quoteRefund / quoteChange in ./index.ts; machines and the server call these, never compute fees.
 */
export type RuleSetId = 'cn-rail' | 'cn-air' | 'event';

export type Explanation = { 'zh-CN': string; en: string };

export type RefundQuoteInput = {
  ruleSet: RuleSetId;
  fareFen: number; // what was paid for this ticket, integer fen
  purchasedAt: string; // ISO 8601 instants with offset
  departureAt: string;
  requestedAt: string;
  involuntary?: boolean; // carrier's fault, cancellation
  fareClass?: string; // cn-air
  changed?: boolean; // the ticket was changed before
  mistakenPurchaseUsedToday?: boolean; // cn-rail
  organizer?: string; // event
};

export type RefundQuote = {
  allowed: boolean;
  feeFen: number;
  refundFen: number;
  ruleId: string;
  explanation: Explanation;
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
};

export type ChangeQuote = {
  allowed: boolean;
  changeFeeFen: number;
  differenceFeeFen: number;
  payFen: number; // > 0 the passenger pays, < 0 receives
  ruleId: string;
  explanation: Explanation;
};
