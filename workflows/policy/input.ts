/**
 * Checks quote inputs and turns them into facts the rule modules work with. Everything a rule
 * module reads has been validated here, so they can stay plain arithmetic.
 */
import { PolicyError } from './errors';
import { minutesBetween, parseInstant } from './time';
import type { ChangeQuoteInput, RefundQuoteInput } from './types';
import type { Sale } from '../../shared/bookings';

/** The largest fare accepted, as in shared/money.ts (¥100,000,000). */
const MAX_FEN = 100_000_000_00;

export function checkFen(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_FEN) {
    throw new PolicyError('INVALID_AMOUNT', field, value, {
      en: `${field} must be a whole, non-negative number of fen (1 yuan = 100 fen) up to ${MAX_FEN}; got ${String(value)}`,
      'zh-CN': `${field} 必须是不小于0的整数（单位：分，1元=100分），不超过 ${MAX_FEN}；收到 ${String(value)}`,
    });
  }
  return value;
}

export type QuoteFacts = {
  fareFen: number;
  purchasedMs: number;
  departureMs: number;
  requestedMs: number;
  /** Whole minutes from the request to departure; negative after departure. */
  minutesLeft: number;
  /** Whole minutes from purchase to the request. */
  minutesSincePurchase: number;
  involuntary: boolean;
};

function ticketFacts(input: {
  fareFen: unknown;
  purchasedAt: unknown;
  departureAt: unknown;
  requestedAt: unknown;
  involuntary?: unknown;
}): QuoteFacts {
  const fareFen = checkFen(input.fareFen, 'fareFen');
  const purchasedMs = parseInstant(input.purchasedAt, 'purchasedAt');
  const departureMs = parseInstant(input.departureAt, 'departureAt');
  const requestedMs = parseInstant(input.requestedAt, 'requestedAt');
  if (departureMs < purchasedMs) {
    throw new PolicyError('DEPARTURE_BEFORE_PURCHASE', 'departureAt', input.departureAt, {
      en: `Departure ${String(input.departureAt)} is before the purchase ${String(input.purchasedAt)}; check the booking's times`,
      'zh-CN': `出发时间 ${String(input.departureAt)} 早于购票时间 ${String(input.purchasedAt)}，请核对订单时间`,
    });
  }
  if (requestedMs < purchasedMs) {
    throw new PolicyError('REQUEST_BEFORE_PURCHASE', 'requestedAt', input.requestedAt, {
      en: `Request time ${String(input.requestedAt)} is before the purchase ${String(input.purchasedAt)}`,
      'zh-CN': `申请时间 ${String(input.requestedAt)} 早于购票时间 ${String(input.purchasedAt)}`,
    });
  }
  return {
    fareFen,
    purchasedMs,
    departureMs,
    requestedMs,
    minutesLeft: minutesBetween(requestedMs, departureMs),
    minutesSincePurchase: minutesBetween(purchasedMs, requestedMs),
    involuntary: input.involuntary === true,
  };
}

export type RefundFacts = QuoteFacts & {
  changed: boolean;
  mistakenPurchaseUsedToday: boolean;
  /** Whole minutes from successful payment (purchase when no payment time is given) to the request. */
  minutesSincePayment: number;
  sale: Sale | null;
  /** For a changed ticket: when it was changed and the original train's departure, if known. */
  changedAtMs: number | null;
  originalDepartureMs: number | null;
};

export function refundFacts(input: RefundQuoteInput): RefundFacts {
  const facts = ticketFacts(input);
  return {
    ...facts,
    changed: input.changed === true,
    mistakenPurchaseUsedToday: input.mistakenPurchaseUsedToday === true,
    minutesSincePayment:
      input.paidAt == null
        ? facts.minutesSincePurchase
        : minutesBetween(parseInstant(input.paidAt, 'paidAt'), facts.requestedMs),
    sale: input.sale ?? null,
    changedAtMs: input.changedAt == null ? null : parseInstant(input.changedAt, 'changedAt'),
    originalDepartureMs:
      input.originalDepartureAt == null ? null : parseInstant(input.originalDepartureAt, 'originalDepartureAt'),
  };
}

export type ChangeFacts = QuoteFacts & {
  newFareFen: number;
  newDepartureMs: number;
};

export function changeFacts(input: ChangeQuoteInput): ChangeFacts {
  const facts = ticketFacts(input);
  const newFareFen = checkFen(input.newFareFen, 'newFareFen');
  const newDepartureMs = parseInstant(input.newDepartureAt, 'newDepartureAt');
  if (newDepartureMs < facts.requestedMs) {
    throw new PolicyError('NEW_DEPARTURE_BEFORE_REQUEST', 'newDepartureAt', input.newDepartureAt, {
      en: `The new departure ${input.newDepartureAt} has already left at the request time ${input.requestedAt}; choose a later train, flight or show`,
      'zh-CN': `新的出发时间 ${input.newDepartureAt} 早于申请时间 ${input.requestedAt}，请选择之后的车次、航班或场次`,
    });
  }
  return { ...facts, newFareFen, newDepartureMs };
}
