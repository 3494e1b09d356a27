/**
 * Effects a machine can describe (as actions named `effect.<name>` with these params), and the
 * result events the outbox job sends back. The engine stores each with an idempotency key
 * `${caseId}:${historySeq}:${index}` so that performing it twice has the effect once.
 */
import type { DepartureFacts } from './contract';

export type EffectMap = {
  /** Take seats from inventory. Result: SEATS_HELD { seats } or HOLD_FAILED { reason }. */
  'inventory.hold': { departureId: string; classCode: string; count: number };
  /** Give held seats back (cancel, hold expiry). No result event. */
  'inventory.release': { departureId: string; classCode: string; count: number };
  /** Ask the payment gateway for money. Result: PAYMENT_SUCCEEDED { paymentRef } or PAYMENT_FAILED { reason }. */
  'payment.collect': { amountFen: number; purpose: 'booking' | 'change_difference'; reference: string };
  /** Create the booking with ticket numbers. Result: TICKETS_ISSUED { bookingId, bookingRef, ticketNumbers }. */
  'tickets.issue': {
    customerId: string;
    departure: DepartureFacts;
    passengers: {
      passengerId: string;
      name: string;
      idType: string;
      idNumber: string;
      passengerType: string;
      fareFen: number;
      seat: string | null;
    }[];
    paymentRef: string;
  };
  /** Pay money back through the gateway, exactly once. Result: REFUND_SETTLED { gatewayRef } or REFUND_FAILED { reason }. */
  'refund.submit': { amountFen: number; bookingId: string | null; passengerIds: string[]; reason: string };
  /** Mark tickets refunded on the booking. No result event. */
  'booking.markRefunded': { bookingId: string; passengerIds: string[] };
  /** Move tickets to a new departure (改签). Result: REISSUED { ticketNumbers }. */
  'booking.reissue': {
    bookingId: string;
    passengerIds: string[];
    newDeparture: DepartureFacts;
    newFareFen: number;
    /** Added by the machines: each passenger's new fare (a child pays half of newFareFen on rail). */
    fares?: { passengerId: string; fareFen: number }[];
  };
  /** Voucher or points for a complaint (a money refund uses refund.submit). Result: COMPENSATION_ISSUED { reference }. */
  'compensation.issue': { customerId: string; type: 'voucher' | 'points'; amountFen: number };
  /** Tell the customer (SMS/e-mail): e-ticket, quote, acknowledgement, resolution. No result event. */
  'notify.customer': { customerId: string | null; template: string; params: Record<string, string | number> };
};

export type EffectName = keyof EffectMap;
export const effectNames = [
  'inventory.hold',
  'inventory.release',
  'payment.collect',
  'tickets.issue',
  'refund.submit',
  'booking.markRefunded',
  'booking.reissue',
  'compensation.issue',
  'notify.customer',
] as const satisfies readonly EffectName[];

export const EFFECT_PREFIX = 'effect.';
