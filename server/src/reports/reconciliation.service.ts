/**
 * The daily reconciliation (日清对账): for a Shanghai business day, what the cases decided about
 * money (refunds paid, collections for changes and bookings, compensation issued) against the
 * payment side's own records (the gateway's payments, the compensation ledger). The matching rule
 * is workflows/reports/reconcile.ts. A supervisor closes a day with a note; a closed day keeps what
 * it showed; a later correction is an adjustment on the day it is made.
 */
import type { SessionUser } from '../../../shared/auth';
import { DomainError } from '../../../shared/errors';
import type { AdjustmentInput } from '../../../shared/reports';
import {
  reconcile,
  type CaseMoneyRecord,
  type GatewayMoneyRecord,
  type Mismatch,
  type ReconciliationTotals,
} from '../../../workflows/reports/reconcile';
import { shanghaiDate, shanghaiMidnight } from '../../../workflows/time/shanghai';
import { CaseModel } from '../db/models/case';
import { CompensationModel } from '../db/models/effect-records';
import { PaymentModel } from '../db/models/payment';
import { AdjustmentModel, ReconciliationDayModel } from '../db/models/reconciliation';
import { DAY_MS } from './pipeline-parts';

const MONEY_EVENTS = ['REFUND_SETTLED', 'PAYMENT_SUCCEEDED', 'COMPENSATION_ISSUED'];
const EFFECT_PREFIX = 'effect:';

type MoneyRow = { ref: string; kind: string; event: string; key: string; amounts: number[] };

/** The cases' money decisions recorded in [fromMs, toMs): one row per result event, its amount from the effect it answers. */
async function caseMoney(
  filter: Record<string, unknown>,
  entryFilter: Record<string, unknown>,
): Promise<CaseMoneyRecord[]> {
  const rows = await CaseModel.aggregate<MoneyRow>([
    { $match: filter },
    {
      $project: { ref: 1, kind: 1, outbox: { key: 1, params: { amountFen: 1 } }, history: { at: 1, event: 1, key: 1 } },
    },
    { $unwind: '$history' },
    { $match: { 'history.event': { $in: MONEY_EVENTS }, ...entryFilter } },
    {
      $project: {
        ref: 1,
        kind: 1,
        event: '$history.event',
        key: '$history.key',
        amounts: {
          $map: {
            input: {
              $filter: {
                input: '$outbox',
                as: 'o',
                cond: { $eq: [{ $concat: [EFFECT_PREFIX, '$$o.key'] }, '$history.key'] },
              },
            },
            as: 'o',
            in: '$$o.params.amountFen',
          },
        },
      },
    },
  ]);
  return rows.map((r) => ({
    flow: r.kind === 'complaint' ? 'compensation' : r.event === 'PAYMENT_SUCCEEDED' ? 'collection' : 'refund',
    caseRef: r.ref,
    key: r.key.startsWith(EFFECT_PREFIX) ? r.key.slice(EFFECT_PREFIX.length) : r.key,
    amountFen: r.amounts[0] ?? 0,
  }));
}

async function gatewayMoney(filter: Record<string, unknown>): Promise<GatewayMoneyRecord[]> {
  const [payments, vouchers] = await Promise.all([
    PaymentModel.find(filter, { idempotencyKey: 1, kind: 1, amountFen: 1, reference: 1, gatewayRef: 1 }).lean(),
    CompensationModel.find(filter.idempotencyKey ? { _id: filter.idempotencyKey } : filter, {
      caseId: 1,
      amountFen: 1,
      reference: 1,
    }).lean(),
  ]);
  return [
    ...payments.map((p) => ({
      kind: p.kind as 'refund' | 'collect',
      key: p.idempotencyKey,
      gatewayRef: p.gatewayRef,
      reference: p.reference,
      amountFen: p.amountFen,
    })),
    ...vouchers.map((v) => ({
      kind: 'voucher' as const,
      key: String(v._id),
      gatewayRef: v.reference,
      reference: v.caseId,
      amountFen: v.amountFen,
    })),
  ];
}

/** Reconciles a day as the records stand now. */
export async function computeDay(date: string) {
  const fromMs = shanghaiMidnight(date);
  const inDay = { $gte: new Date(fromMs), $lt: new Date(fromMs + DAY_MS) };
  const [cases, gateway] = await Promise.all([
    caseMoney({ history: { $elemMatch: { at: inDay, event: { $in: MONEY_EVENTS } } } }, { 'history.at': inDay }),
    gatewayMoney({ at: inDay }),
  ]);
  // Records whose other side is on another day (a payout at 23:59:59 answered after midnight).
  const gatewayKeys = new Set(gateway.map((g) => g.key));
  const caseKeys = new Set(cases.map((c) => c.key));
  const lonelyCaseKeys = cases.map((c) => c.key).filter((k) => !gatewayKeys.has(k));
  const lonelyGatewayKeys = gateway.map((g) => g.key).filter((k) => !caseKeys.has(k));
  const [elsewhereGateway, elsewhereCases] = await Promise.all([
    lonelyCaseKeys.length ? gatewayMoney({ idempotencyKey: { $in: lonelyCaseKeys } }) : [],
    lonelyGatewayKeys.length
      ? caseMoney(
          { 'outbox.key': { $in: lonelyGatewayKeys } },
          { 'history.key': { $in: lonelyGatewayKeys.map((k) => EFFECT_PREFIX + k) } },
        )
      : [],
  ]);
  const otherDayKeys = new Set([...elsewhereGateway.map((g) => g.key), ...elsewhereCases.map((c) => c.key)]);
  return reconcile({ cases, gateway, otherDayKeys });
}

type Actor = Pick<SessionUser, 'id' | 'name'>;

function adjustmentView(a: {
  _id: string;
  madeOn: string;
  correctsDate: string;
  kind: string;
  amountFen: number;
  note: string;
  by: { id?: string | null; name?: string | null };
  at: Date;
}) {
  return {
    id: a._id,
    madeOn: a.madeOn,
    correctsDate: a.correctsDate,
    kind: a.kind as Mismatch['kind'],
    amountFen: a.amountFen,
    note: a.note,
    by: { id: a.by.id ?? '', name: a.by.name ?? '' },
    at: a.at.toISOString(),
  };
}
export type AdjustmentView = ReturnType<typeof adjustmentView>;

async function adjustmentsMadeOn(date: string): Promise<AdjustmentView[]> {
  const rows = await AdjustmentModel.find({ madeOn: date }).sort({ at: 1 }).lean();
  return rows.map((a) => adjustmentView({ ...a, _id: String(a._id) }));
}

export type ReconciliationDay = {
  date: string;
  status: 'open' | 'prepared' | 'closed';
  totals: ReconciliationTotals;
  mismatches: Mismatch[];
  adjustments: AdjustmentView[];
  preparedAt: string | null;
  closedAt: string | null;
  closedBy: { id: string; name: string } | null;
  note: string | null;
};

type DayDoc = {
  _id: string;
  status: 'prepared' | 'closed';
  totals: ReconciliationTotals | null;
  mismatches: Mismatch[];
  adjustments: AdjustmentView[];
  preparedAt: Date | null;
  closedAt: Date | null;
  closedBy: { id: string; name: string } | null;
  note: string | null;
  closeKey: string | null;
};

function closedView(doc: DayDoc): ReconciliationDay {
  return {
    date: doc._id,
    status: 'closed',
    totals: doc.totals as ReconciliationTotals,
    mismatches: doc.mismatches,
    adjustments: doc.adjustments,
    preparedAt: doc.preparedAt?.toISOString() ?? null,
    closedAt: doc.closedAt?.toISOString() ?? null,
    closedBy: doc.closedBy,
    note: doc.note,
  };
}

/** reconciliation.day: a closed day as it was closed; any other day as the records stand now. */
export async function reconciliationDay(date: string): Promise<ReconciliationDay> {
  const doc = await ReconciliationDayModel.findById(date).lean<DayDoc>();
  if (doc?.status === 'closed') return closedView(doc);
  const [{ totals, mismatches }, adjustments] = await Promise.all([computeDay(date), adjustmentsMadeOn(date)]);
  return {
    date,
    status: doc?.status ?? 'open',
    totals,
    mismatches,
    adjustments,
    preparedAt: doc?.preparedAt?.toISOString() ?? null,
    closedAt: null,
    closedBy: null,
    note: null,
  };
}

const isDuplicateKey = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;

function closedDayError(date: string): DomainError {
  return new DomainError(
    'CONFLICT',
    `${date} is closed; it no longer changes. Enter a correction as an adjustment today.`,
    {
      date,
    },
  );
}

/**
 * Prepares a day (the 00:30 job for yesterday, or a supervisor by hand): stores what it shows now.
 * Refused for a closed day.
 */
export async function prepareDay(date: string, now: Date, by: string): Promise<ReconciliationDay> {
  const { totals, mismatches } = await computeDay(date);
  try {
    await ReconciliationDayModel.updateOne(
      { _id: date, status: { $ne: 'closed' } },
      { $set: { status: 'prepared', totals, mismatches, preparedAt: now, preparedBy: by, claimUntil: null } },
      { upsert: true },
    );
  } catch (error) {
    if (isDuplicateKey(error)) throw closedDayError(date);
    throw error;
  }
  return reconciliationDay(date);
}

/** Closes a past day with a note; closing again with the same key answers as the first time, any other attempt is refused. */
export async function closeDay(
  input: { date: string; note: string; idempotencyKey: string },
  actor: Actor,
  now: Date,
): Promise<ReconciliationDay> {
  if (input.date >= shanghaiDate(now)) {
    throw new DomainError('INVALID_INPUT', `${input.date} has not ended yet; only a past business day can be closed.`);
  }
  const existing = await ReconciliationDayModel.findById(input.date).lean<DayDoc>();
  if (existing?.status === 'closed') {
    if (existing.closeKey === input.idempotencyKey) return closedView(existing);
    throw closedDayError(input.date);
  }
  const [{ totals, mismatches }, adjustments] = await Promise.all([
    computeDay(input.date),
    adjustmentsMadeOn(input.date),
  ]);
  try {
    const doc = await ReconciliationDayModel.findOneAndUpdate(
      { _id: input.date, status: { $ne: 'closed' } },
      {
        $set: {
          status: 'closed',
          totals,
          mismatches,
          adjustments,
          closedAt: now,
          closedBy: { id: actor.id, name: actor.name },
          note: input.note,
          closeKey: input.idempotencyKey,
        },
      },
      { upsert: true, returnDocument: 'after' },
    ).lean<DayDoc>();
    if (!doc) throw closedDayError(input.date);
    return closedView(doc);
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    // Someone closed it between our read and our write: theirs stands.
    const winner = await ReconciliationDayModel.findById(input.date).lean<DayDoc>();
    if (winner?.closeKey === input.idempotencyKey) return closedView(winner);
    throw closedDayError(input.date);
  }
}

/** A correction: entered today (its `madeOn`), whatever day it corrects; refused if today is already closed. */
export async function addAdjustment(input: AdjustmentInput, actor: Actor, now: Date): Promise<AdjustmentView> {
  const madeOn = shanghaiDate(now);
  if (input.correctsDate > madeOn)
    throw new DomainError('INVALID_INPUT', 'An adjustment cannot correct a day that has not come yet.');
  if ((await ReconciliationDayModel.exists({ _id: madeOn, status: 'closed' })) !== null) throw closedDayError(madeOn);
  try {
    await AdjustmentModel.create({
      _id: input.idempotencyKey,
      madeOn,
      correctsDate: input.correctsDate,
      kind: input.kind,
      amountFen: input.amountFen,
      note: input.note,
      by: { id: actor.id, name: actor.name },
      at: now,
    });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  const stored = await AdjustmentModel.findById(input.idempotencyKey).lean();
  if (!stored) throw new DomainError('NOT_FOUND', 'The adjustment was not recorded.');
  return adjustmentView({ ...stored, _id: String(stored._id) });
}

const PREPARE_AT_MINUTES = 30;
const CLAIM_MS = 5 * 60_000;

/**
 * The 00:30 job: once yesterday's Shanghai day is over by half an hour, the first node to claim it
 * (a guarded upsert on the day's document) prepares it; the others find it claimed or prepared.
 * A claim left by a node that died lapses after five minutes.
 */
export async function prepareYesterdayIfDue(now: Date, node: string): Promise<string | null> {
  const today = shanghaiDate(now);
  if (now.getTime() < shanghaiMidnight(today) + PREPARE_AT_MINUTES * 60_000) return null;
  const yesterday = shanghaiDate(shanghaiMidnight(today) - DAY_MS);
  try {
    const claimed = await ReconciliationDayModel.updateOne(
      {
        _id: yesterday,
        status: { $ne: 'closed' },
        preparedAt: null,
        $or: [{ claimUntil: null }, { claimUntil: { $lt: now } }],
      },
      { $set: { claimUntil: new Date(now.getTime() + CLAIM_MS) }, $setOnInsert: { status: 'prepared' } },
      { upsert: true },
    );
    if (claimed.modifiedCount + claimed.upsertedCount === 0) return null;
  } catch (error) {
    if (isDuplicateKey(error)) return null;
    throw error;
  }
  await prepareDay(yesterday, now, `job:${node}`);
  return yesterday;
}
