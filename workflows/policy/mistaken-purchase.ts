/**
 * cn-rail mistaken-purchase refund (误购): whether a refund is free under the window, why not, and
 * whether the window is already used up today. The rule's numbers and limits are version data
 * (rulesets.ts `MistakenPurchaseRule`); the server only loads the day's earlier free refunds.
 */
import type { PaymentMethod, PurchaseType, SalesChannel } from '../../shared/bookings';
import { shanghaiDate } from '../time/shanghai';
import type { MistakenPurchaseRule, RailRuleSetVersion } from './rulesets';
import { ruleSetVersions, selectVersion } from './rulesets';
import type { RefundFacts } from './input';
import { parseInstant } from './time';
import { phrase, railDeparture, timeLeft, type Phrase } from './explain';
import type { RuleSetId } from './types';

const channelWords: Record<SalesChannel, Phrase> = {
  online: phrase('互联网（12306网站/App）售出', 'sold online'),
  counter: phrase('车站窗口售出', 'sold at the counter'),
  agent: phrase('代售点售出', 'sold by a ticket agency'),
  phone: phrase('电话订票售出', 'sold by phone'),
  vending: phrase('自助售票机售出', 'sold at a ticket machine'),
};
const paymentWords: Record<PaymentMethod, Phrase> = {
  electronic: phrase('电子支付', 'paid electronically'),
  points: phrase('积分支付', 'paid with points'),
  cash: phrase('现金支付', 'paid in cash'),
  card: phrase('银行卡刷卡支付', 'paid by card at a terminal'),
};
const purchaseTypeWords: Record<PurchaseType, Phrase> = {
  normal: phrase('普通购票', 'a normal purchase'),
  reservation: phrase('预约购票', 'a reservation (预约) purchase'),
  waitlist: phrase('候补购票', 'a waitlist (候补) purchase'),
  group: phrase('团体票', 'a group ticket'),
  'air-rail': phrase('空铁联运票', 'an air-rail ticket'),
  'water-rail': phrase('铁水联运票', 'a water-rail ticket'),
  'period-pass': phrase('定期票', 'a period pass'),
  'ride-count-pass': phrase('计次票', 'a ride-count pass'),
};

const capitalized = (en: string) => en.charAt(0).toUpperCase() + en.slice(1);

const notFree = (why: Phrase): Phrase =>
  phrase(`${why['zh-CN']}，不适用误购免费退票`, `${why.en}: the free mistaken-purchase refund does not apply`);

/** Why this ticket cannot have the free refund whatever the timing, or null when it can. */
function barred(facts: RefundFacts, rule: MistakenPurchaseRule): Phrase | null {
  if (facts.changed)
    return phrase(
      '改签过的车票不适用误购免费退票',
      'the free mistaken-purchase refund does not apply to a changed ticket',
    );
  const only = rule.onlyFor;
  if (!only) return null;
  const sale = facts.sale;
  if (!sale) return notFree(phrase('未记录购票渠道和支付方式', 'how the ticket was sold is not recorded'));
  if (!only.channels.includes(sale.channel)) {
    const w = channelWords[sale.channel];
    return phrase(
      `${w['zh-CN']}：误购免费退票仅适用于互联网购票`,
      `${w.en}: the free mistaken-purchase window applies only to online sales`,
    );
  }
  if (!only.payments.includes(sale.payment)) {
    const w = paymentWords[sale.payment];
    return phrase(
      `${w['zh-CN']}：误购免费退票仅适用于电子支付或积分支付`,
      `${w.en}: the free mistaken-purchase window applies only to electronic or points payment`,
    );
  }
  if (!only.purchaseTypes.includes(sale.purchaseType)) {
    const w = purchaseTypeWords[sale.purchaseType];
    return phrase(`${w['zh-CN']}不适用误购免费退票`, `${w.en}: the free mistaken-purchase window does not apply`);
  }
  return null;
}

export type MistakenPurchaseDecision = { free: true; head: Phrase } | { free: false; note: Phrase | null };

/**
 * Whether the refund is free as a mistaken purchase. `feeDue`: the fee the refund table would
 * charge is above 0; a refund free anyway (8 days or more) does not use the window up.
 * The note says why a refund asked for on the day of payment is not free.
 */
export function decideMistakenPurchase(
  facts: RefundFacts,
  rule: MistakenPurchaseRule,
  feeDue: boolean,
): MistakenPurchaseDecision {
  if (!feeDue) return { free: false, note: null };
  const since = facts.minutesSincePayment;
  const inTime = since >= 0 && since <= rule.withinMinutes;
  const earlyEnough = facts.minutesLeft >= rule.minHoursBefore * 60;
  const t = timeLeft(facts.minutesLeft, railDeparture);
  const sameDay = shanghaiDate(facts.requestedMs) === shanghaiDate(facts.requestedMs - Math.max(0, since) * 60_000);
  if (!inTime || !earlyEnough) {
    // Only worth saying to a customer who paid today and still could have qualified.
    if (!sameDay || barred(facts, rule) || (!inTime && !earlyEnough)) return { free: false, note: null };
    return {
      free: false,
      note: !inTime
        ? phrase(
            `付款后 ${since} 分钟申请，超过误购免费退票的${rule.withinMinutes}分钟`,
            `requested ${since} min after payment, past the ${rule.withinMinutes} min of the free mistaken-purchase window`,
          )
        : phrase(
            `${t['zh-CN']}，不足${rule.minHoursBefore}小时，不适用误购免费退票`,
            `${t.en}, under ${rule.minHoursBefore} h: the free mistaken-purchase window does not apply`,
          ),
    };
  }
  const bar = barred(facts, rule);
  if (bar) return { free: false, note: bar };
  if (facts.mistakenPurchaseUsedToday) {
    return {
      free: false,
      note:
        rule.oncePer === 'passenger'
          ? phrase(
              '该旅客今日已使用过误购免费退票',
              'this passenger already used the free mistaken-purchase refund today',
            )
          : phrase(
              '该购票账号今日已有其他订单使用过误购免费退票（每个账号每天限一个订单）',
              'this purchasing account already used the free mistaken-purchase refund today on another order (one order per account per day)',
            ),
    };
  }
  const limit =
    rule.oncePer === 'passenger'
      ? phrase('每人每天限一次', 'once per passenger per day')
      : phrase('每个购票账号每天限一个订单', 'one order per purchasing account per day');
  const how =
    facts.sale && rule.onlyFor
      ? {
          zh: `${channelWords[facts.sale.channel]['zh-CN']}、${paymentWords[facts.sale.payment]['zh-CN']}，`,
          en: `${capitalized(channelWords[facts.sale.channel].en)}, ${paymentWords[facts.sale.payment].en}; r`,
        }
      : { zh: '', en: 'R' };
  return {
    free: true,
    head: phrase(
      `${how.zh}付款后 ${since} 分钟申请（${rule.withinMinutes}分钟内）、${t['zh-CN']}（${rule.minHoursBefore}小时以上），属误购退票（${limit['zh-CN']}）`,
      `${how.en}equested ${since} min after payment (within ${rule.withinMinutes} min) and ${t.en} (${rule.minHoursBefore} h or more): mistaken-purchase refund (${limit.en})`,
    ),
  };
}

/** A free mistaken-purchase refund already paid out: its ticket and when it settled. */
export type MistakenPurchaseUse = { at: string; bookingId: string; purchaser: string; idNumber: string };

/** The ticket about to be refunded; `purchaser` is the buying account (the caller's fallback: the booking's customer). */
export type MistakenPurchaseTicket = {
  ruleSet: RuleSetId;
  purchasedAt: string;
  bookingId: string;
  purchaser: string;
  idNumber: string;
};

/**
 * Whether the free mistaken-purchase refund is used up for this ticket on the Shanghai day of
 * `requestedAt`, under the version the ticket was bought under: per passenger (first edition) or
 * one order per purchasing account (the same order stays free for its other tickets).
 */
export function mistakenPurchaseUsedToday(
  ticket: MistakenPurchaseTicket,
  requestedAt: string,
  uses: readonly MistakenPurchaseUse[],
): boolean {
  if (ticket.ruleSet !== 'cn-rail') return false;
  const version = selectVersion(
    ruleSetVersions,
    'cn-rail',
    parseInstant(ticket.purchasedAt, 'purchasedAt'),
  ) as RailRuleSetVersion;
  const day = shanghaiDate(requestedAt);
  const today = uses.filter((u) => shanghaiDate(u.at) === day);
  if (version.rules.mistakenPurchase.oncePer === 'passenger') return today.some((u) => u.idNumber === ticket.idNumber);
  return today.some((u) => u.purchaser === ticket.purchaser && u.bookingId !== ticket.bookingId);
}
