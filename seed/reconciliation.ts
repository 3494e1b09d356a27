/**
 * Planted reconciliation mismatches: the demo's past days hold a few of each reason the daily
 * reconciliation finds, made by editing the gateway's own records after the engine wrote them
 * (a record lost, an amount changed, a payout repeated, money paid with no case behind it).
 */
import { PaymentModel } from '../server/src/db/models/payment';
import { CaseModel } from '../server/src/db/models/case';
import type { MismatchReason } from '../workflows/reports/reconcile';
import { shanghaiDate } from '../workflows/time/shanghai';
import type { Random } from './random';
import { MINUTE } from './time';

export type PlantedMismatch = { date: string; reason: MismatchReason; caseRef: string | null; gatewayRef: string };

const PER_REASON = 2;

/** Same Shanghai day as `at`, `ms` later (or earlier when later would cross midnight). */
function sameDay(at: Date, ms: number): Date {
  const later = new Date(at.getTime() + ms);
  return shanghaiDate(later) === shanghaiDate(at) ? later : new Date(at.getTime() - ms);
}

export async function plantReconciliationMismatches(random: Random, anchor: Date): Promise<PlantedMismatch[]> {
  const past = await PaymentModel.find({ at: { $lt: anchor } })
    .sort({ at: 1, idempotencyKey: 1 })
    .lean();
  const pool = random.shuffle([...past]);
  const take = () => pool.pop();
  const caseRefOf = async (key: string) =>
    (await CaseModel.findOne({ 'outbox.key': key }, { ref: 1 }).lean<{ ref: string }>())?.ref ?? null;
  const planted: PlantedMismatch[] = [];

  for (let i = 0; i < PER_REASON; i++) {
    const lost = take();
    if (lost) {
      await PaymentModel.deleteOne({ _id: lost._id });
      planted.push({
        date: shanghaiDate(lost.at),
        reason: 'case_without_gateway',
        caseRef: await caseRefOf(lost.idempotencyKey),
        gatewayRef: lost.gatewayRef,
      });
    }
    const changed = take();
    if (changed) {
      await PaymentModel.updateOne({ _id: changed._id }, { $set: { amountFen: changed.amountFen + 100 * (i + 1) } });
      planted.push({
        date: shanghaiDate(changed.at),
        reason: 'amount_differs',
        caseRef: await caseRefOf(changed.idempotencyKey),
        gatewayRef: changed.gatewayRef,
      });
    }
    const repeated = take();
    if (repeated) {
      const gatewayRef = `${repeated.kind === 'collect' ? 'PAY' : 'RFD'}-SEEDDUP${i}`;
      await PaymentModel.create({
        idempotencyKey: `seed-repeat-${i}:${repeated.idempotencyKey}`,
        kind: repeated.kind,
        amountFen: repeated.amountFen,
        reference: repeated.reference,
        gatewayRef,
        at: sameDay(repeated.at, 3 * MINUTE),
      });
      planted.push({
        date: shanghaiDate(repeated.at),
        reason: 'paid_twice',
        caseRef: await caseRefOf(repeated.idempotencyKey),
        gatewayRef,
      });
    }
    const beside = take();
    if (beside) {
      const gatewayRef = `RFD-SEEDSTRAY${i}`;
      await PaymentModel.create({
        idempotencyKey: `seed-stray-${i}`,
        kind: 'refund',
        amountFen: 4_321 + i * 1_000,
        reference: `manual refund at the counter ${i + 1}`,
        gatewayRef,
        at: sameDay(beside.at, 47 * MINUTE),
      });
      planted.push({ date: shanghaiDate(beside.at), reason: 'gateway_without_case', caseRef: null, gatewayRef });
    }
  }
  return planted;
}
