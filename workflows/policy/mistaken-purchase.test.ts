/**
 * The mistaken-purchase window as corrected by the second edition of fare-rules.md (cn-rail from
 * 2026-02-02): the worked examples exactly, the 30:00 and 4:00 boundaries, the sales it applies to,
 * and one order per purchaser per Shanghai day.
 */
import { describe, expect, it } from 'vitest';
import { quoteRefund, quoteRefundWithVersion, type RefundQuoteInput } from './index';
import { mistakenPurchaseUsedToday, type MistakenPurchaseUse } from './mistaken-purchase';
import type { Sale } from '../../shared/bookings';

const online: Sale = { channel: 'online', payment: 'electronic', purchaseType: 'normal' };

/** The document's example: 55300 on the train of 2026-05-20 08:00, paid 2026-05-19 20:00. */
function refundAt(requestedAt: string, overrides: Partial<RefundQuoteInput> = {}) {
  return quoteRefund({
    ruleSet: 'cn-rail',
    fareFen: 55_300,
    purchasedAt: '2026-05-19T19:58:00+08:00',
    paidAt: '2026-05-19T20:00:00+08:00',
    departureAt: '2026-05-20T08:00:00+08:00',
    requestedAt,
    sale: online,
    ...overrides,
  });
}

describe('mistaken purchase, worked examples (second edition)', () => {
  it('paid 20:00, refund 20:30: fee 0 (mistaken purchase)', () => {
    const q = refundAt('2026-05-19T20:30:00+08:00');
    expect(q).toMatchObject({
      allowed: true,
      feeFen: 0,
      refundFen: 55_300,
      ruleId: 'cn-rail@2026-02-02/refund.mistaken-purchase',
    });
    expect(q.explanation.en).toBe(
      'Sold online, paid electronically; requested 30 min after payment (within 30 min) and 11 h 30 min before departure (4 h or more): mistaken-purchase refund (one order per purchasing account per day): no refund fee; refund ¥553.00',
    );
    expect(q.explanation['zh-CN']).toBe(
      '互联网（12306网站/App）售出、电子支付，付款后 30 分钟申请（30分钟内）、距开车 11小时30分钟（4小时以上），属误购退票（每个购票账号每天限一个订单），不收退票费，应退 ¥553.00',
    );
  });

  it('paid 20:00, refund 20:31: fee 20% = 11060 -> 11050, refund 44250', () => {
    const q = refundAt('2026-05-19T20:31:00+08:00');
    expect(q).toMatchObject({
      allowed: true,
      feeFen: 11_050,
      refundFen: 44_250,
      ruleId: 'cn-rail@2026-02-02/refund.tier-0h',
    });
    expect(q.explanation.en).toContain(
      'requested 31 min after payment, past the 30 min of the free mistaken-purchase window',
    );
    expect(q.explanation['zh-CN']).toContain('付款后 31 分钟申请');
  });

  it('measures the 30 minutes from payment, not from the order', () => {
    // Ordered 19:58, paid 20:00: 20:30 is 32 min after ordering and still free.
    expect(refundAt('2026-05-19T20:30:00+08:00').feeFen).toBe(0);
    expect(refundAt('2026-05-19T20:30:00+08:00', { paidAt: null }).feeFen).toBe(11_050);
  });
});

describe('mistaken purchase, boundaries', () => {
  it('includes 30:00 after payment and excludes 30:01 (to the minute)', () => {
    expect(refundAt('2026-05-19T20:30:59+08:00').ruleId).toBe('cn-rail@2026-02-02/refund.mistaken-purchase');
    expect(refundAt('2026-05-19T20:31:00+08:00').ruleId).toBe('cn-rail@2026-02-02/refund.tier-0h');
  });

  it('includes exactly 4:00 before departure and excludes 3:59', () => {
    const paid = { purchasedAt: '2026-05-20T03:40:00+08:00', paidAt: '2026-05-20T03:40:00+08:00' };
    expect(refundAt('2026-05-20T04:00:00+08:00', paid)).toMatchObject({
      feeFen: 0,
      ruleId: 'cn-rail@2026-02-02/refund.mistaken-purchase',
    });
    const late = refundAt('2026-05-20T04:01:00+08:00', paid);
    expect(late).toMatchObject({ feeFen: 11_050, ruleId: 'cn-rail@2026-02-02/refund.tier-0h' });
    expect(late.explanation.en).toContain(
      '3 h 59 min before departure, under 4 h: the free mistaken-purchase window does not apply',
    );
  });

  it('leaves a refund free anyway (8 days or more) to the table, so it does not use the window up', () => {
    const q = refundAt('2026-05-01T10:10:00+08:00', {
      purchasedAt: '2026-05-01T10:00:00+08:00',
      paidAt: '2026-05-01T10:00:00+08:00',
    });
    expect(q).toMatchObject({ feeFen: 0, ruleId: 'cn-rail@2026-02-02/refund.tier-192h' });
  });
});

describe('mistaken purchase, which sales', () => {
  it('a booking sold at the counter is not eligible', () => {
    const q = refundAt('2026-05-19T20:10:00+08:00', {
      sale: { channel: 'counter', payment: 'cash', purchaseType: 'normal' },
    });
    expect(q).toMatchObject({ feeFen: 11_050, refundFen: 44_250, ruleId: 'cn-rail@2026-02-02/refund.tier-0h' });
    expect(q.explanation.en).toContain(
      'sold at the counter: the free mistaken-purchase window applies only to online sales',
    );
    expect(q.explanation['zh-CN']).toContain('车站窗口售出：误购免费退票仅适用于互联网购票');
  });

  it.each([
    [
      'phone',
      { channel: 'phone', payment: 'electronic', purchaseType: 'normal' },
      'sold by phone: the free mistaken-purchase window applies only to online sales',
    ],
    ['agency', { channel: 'agent', payment: 'electronic', purchaseType: 'normal' }, 'sold by a ticket agency'],
    [
      'cash',
      { channel: 'online', payment: 'cash', purchaseType: 'normal' },
      'paid in cash: the free mistaken-purchase window applies only to electronic or points payment',
    ],
    [
      'reservation',
      { channel: 'online', payment: 'electronic', purchaseType: 'reservation' },
      'a reservation (预约) purchase: the free mistaken-purchase window does not apply',
    ],
    ['waitlist', { channel: 'online', payment: 'electronic', purchaseType: 'waitlist' }, 'a waitlist (候补) purchase'],
    ['group', { channel: 'online', payment: 'electronic', purchaseType: 'group' }, 'a group ticket'],
    ['air-rail', { channel: 'online', payment: 'electronic', purchaseType: 'air-rail' }, 'an air-rail ticket'],
    ['water-rail', { channel: 'online', payment: 'electronic', purchaseType: 'water-rail' }, 'a water-rail ticket'],
    ['period pass', { channel: 'online', payment: 'electronic', purchaseType: 'period-pass' }, 'a period pass'],
    [
      'ride-count pass',
      { channel: 'online', payment: 'electronic', purchaseType: 'ride-count-pass' },
      'a ride-count pass',
    ],
  ] as const)('is not for %s', (_name, sale, why) => {
    const q = refundAt('2026-05-19T20:10:00+08:00', { sale });
    expect(q.feeFen).toBe(11_050);
    expect(q.explanation.en).toContain(why);
  });

  it('is for points payment', () => {
    expect(refundAt('2026-05-19T20:10:00+08:00', { sale: { ...online, payment: 'points' } }).feeFen).toBe(0);
  });

  it('is not for a changed ticket, nor when the sale is not recorded', () => {
    expect(refundAt('2026-05-19T20:10:00+08:00', { changed: true }).explanation.en).toContain(
      'does not apply to a changed ticket',
    );
    const unknown = refundAt('2026-05-19T20:10:00+08:00', { sale: null });
    expect(unknown.feeFen).toBe(11_050);
    expect(unknown.explanation.en).toContain('how the ticket was sold is not recorded');
  });

  it('one purchaser’s second order in a day pays', () => {
    const q = refundAt('2026-05-19T20:10:00+08:00', { mistakenPurchaseUsedToday: true });
    expect(q).toMatchObject({ feeFen: 11_050, refundFen: 44_250, ruleId: 'cn-rail@2026-02-02/refund.tier-0h' });
    expect(q.explanation.en).toContain(
      'this purchasing account already used the free mistaken-purchase refund today on another order',
    );
  });

  it('keeps the first edition’s terms for tickets bought before 2026-02-02', () => {
    const input = {
      ...({} as object),
      ruleSet: 'cn-rail',
      fareFen: 55_300,
      purchasedAt: '2026-01-30T20:00:00+08:00',
      departureAt: '2026-01-31T08:00:00+08:00',
      requestedAt: '2026-01-30T20:10:00+08:00',
    } as const;
    expect(quoteRefund(input)).toMatchObject({ feeFen: 0, ruleId: 'cn-rail@2024-01-15/refund.mistaken-purchase' });
    expect(quoteRefundWithVersion(input, 'cn-rail@2026-02-02')).toMatchObject({ feeFen: 11_050 });
  });
});

describe('mistakenPurchaseUsedToday', () => {
  const ticket = {
    ruleSet: 'cn-rail' as const,
    purchasedAt: '2026-05-19T20:00:00+08:00',
    bookingId: 'B2',
    purchaser: 'acct-zhang',
    idNumber: 'ID-1',
  };
  const use = (overrides: Partial<MistakenPurchaseUse> = {}): MistakenPurchaseUse => ({
    at: '2026-05-19T09:00:00+08:00',
    bookingId: 'B1',
    purchaser: 'acct-zhang',
    idNumber: 'ID-9',
    ...overrides,
  });
  const at = '2026-05-19T20:10:00+08:00';

  it('is used up by the same purchaser’s other order the same Shanghai day', () => {
    expect(mistakenPurchaseUsedToday(ticket, at, [use()])).toBe(true);
  });

  it('stays free for the same order’s other tickets ("one order per purchaser per day")', () => {
    expect(mistakenPurchaseUsedToday(ticket, at, [use({ bookingId: 'B2' })])).toBe(false);
  });

  it('is not used up by another purchaser, even for the same passenger', () => {
    expect(mistakenPurchaseUsedToday(ticket, at, [use({ purchaser: 'acct-li', idNumber: 'ID-1' })])).toBe(false);
  });

  it('counts the Shanghai calendar day: yesterday 23:59 does not count, today 00:00 does', () => {
    expect(mistakenPurchaseUsedToday(ticket, at, [use({ at: '2026-05-18T15:59:00Z' })])).toBe(false);
    expect(mistakenPurchaseUsedToday(ticket, at, [use({ at: '2026-05-18T16:00:00Z' })])).toBe(true);
  });

  it('counts per passenger for tickets bought under the first edition', () => {
    const old = { ...ticket, purchasedAt: '2026-01-30T20:00:00+08:00' };
    expect(mistakenPurchaseUsedToday(old, at, [use()])).toBe(false);
    expect(mistakenPurchaseUsedToday(old, at, [use({ purchaser: 'acct-li', idNumber: 'ID-1' })])).toBe(true);
  });

  it('does not apply outside cn-rail', () => {
    expect(mistakenPurchaseUsedToday({ ...ticket, ruleSet: 'cn-air' }, at, [use()])).toBe(false);
  });
});
