/**
 * A stand-in for the payment provider, with the one property the case engine relies on: an
 * idempotency key moves money at most once. Each call is recorded in the payments collection
 * under its key; a retry (after a crash, a timeout, a second process) gets the first answer back.
 */
import { randomBytes } from 'node:crypto';
import type { PaymentGateway } from '../deps';
import { PaymentModel, type Payment } from '../db/models/payment';

type Kind = 'collect' | 'refund';
type Call = { idempotencyKey: string; amountFen: number; reference: string };
type Outcome = { ok: true; gatewayRef: string } | { ok: false; reason: string };

export type FakeGatewayOptions = {
  now: () => Date;
  /** Lets demos and tests make the bank say no: return a reason to decline, or null to pay. Declines are not remembered. */
  decline?: (kind: Kind, call: Call) => string | null;
};

export function createFakePaymentGateway(options: FakeGatewayOptions): PaymentGateway {
  const perform = async (kind: Kind, call: Call): Promise<Outcome> => {
    if (!Number.isInteger(call.amountFen) || call.amountFen < 0)
      return { ok: false, reason: 'amount must be a whole number of fen' };
    const existing = await PaymentModel.findOne({ idempotencyKey: call.idempotencyKey }).lean();
    if (existing) return replay(existing, kind, call);

    // A decline moves no money, so it is not recorded: a retry with the same key is asked again.
    const declined = options.decline?.(kind, call) ?? null;
    if (declined) return { ok: false, reason: declined };
    const gatewayRef = `${kind === 'collect' ? 'PAY' : 'RFD'}-${randomBytes(6).toString('hex').toUpperCase()}`;
    try {
      await PaymentModel.create({
        idempotencyKey: call.idempotencyKey,
        kind,
        amountFen: call.amountFen,
        reference: call.reference.slice(0, 200),
        gatewayRef,
        at: options.now(),
      });
    } catch (error) {
      // Another process recorded this key between our read and our write: its answer stands.
      if (isDuplicateKey(error)) {
        const winner = await PaymentModel.findOne({ idempotencyKey: call.idempotencyKey }).lean();
        if (winner) return replay(winner, kind, call);
      }
      throw error;
    }
    return { ok: true, gatewayRef };
  };

  return {
    async collect(call) {
      const outcome = await perform('collect', call);
      return outcome.ok ? { ok: true, paymentRef: outcome.gatewayRef } : outcome;
    },
    async refund(call) {
      return perform('refund', call);
    },
  };
}

/** A retried call gets the first answer; the same key reused for a different payment is refused, never paid. */
function replay(record: Payment, kind: Kind, call: Call): Outcome {
  if (record.kind !== kind || record.amountFen !== call.amountFen) {
    return {
      ok: false,
      reason: `idempotency key ${call.idempotencyKey} was already used for a different ${record.kind} of ${record.amountFen} fen`,
    };
  }
  return { ok: true, gatewayRef: record.gatewayRef };
}

function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === 11000;
}
