/**
 * What QA reads of a case beyond its queue fields: whose work it was and the money it moved. Read
 * from the stored snapshot's context (each kind's machine context) and the history's actors.
 */
import type { CaseRecord } from '../db/models/case';
import type { SampleCandidate } from '../../../workflows/qa/sampling';

type Ctx = {
  quote?: {
    totalRefundFen?: number;
    totalFeeFen?: number;
    totalPayFen?: number;
    totalChangeFeeFen?: number;
    involuntary?: boolean;
    lines?: { fareFen?: number }[];
  } | null;
  settlement?: unknown;
  resolutions?: { kind: string; amountFen: number }[];
  escalations?: { level: string }[];
};

/** The fields a QA read needs (never the outbox or idempotency keys). */
export const caseFactsProjection = {
  ref: 1,
  kind: 1,
  state: 1,
  status: 1,
  channel: 1,
  assigneeId: 1,
  assigneeName: 1,
  customerName: 1,
  bookingRef: 1,
  updatedAt: 1,
  createdAt: 1,
  'history.actor': 1,
  'snapshot.context.quote': 1,
  'snapshot.context.settlement': 1,
  'snapshot.context.resolutions': 1,
  'snapshot.context.escalations': 1,
} as const;

export type CaseFactsRecord = Pick<
  CaseRecord,
  '_id' | 'ref' | 'kind' | 'state' | 'status' | 'channel' | 'assigneeId' | 'assigneeName' | 'updatedAt' | 'createdAt'
> & { history?: Pick<CaseRecord['history'][number], 'actor'>[]; snapshot?: { context?: Ctx } };

const workerRoles = new Set(['agent', 'complaint_handler']);

/** The agent whose work it was: the last agent or handler who sent it an event, or its assignee. */
export function caseAgent(record: CaseFactsRecord): { id: string; name: string } | null {
  const worker = [...(record.history ?? [])].reverse().find((h) => workerRoles.has(h.actor.role));
  if (worker) return { id: worker.actor.id, name: worker.actor.name };
  return record.assigneeId ? { id: record.assigneeId, name: record.assigneeName ?? '' } : null;
}

/** Everyone who worked on the case (a reviewer never reviews those). */
export function caseWorkers(record: CaseFactsRecord): Set<string> {
  return new Set((record.history ?? []).filter((h) => h.actor.role !== 'system').map((h) => h.actor.id));
}

export function moneyFacts(record: CaseFactsRecord) {
  const ctx: Ctx = record.snapshot?.context ?? {};
  const quote = ctx.quote ?? null;
  const refundFen = record.kind === 'refund' && ctx.settlement ? (quote?.totalRefundFen ?? 0) : 0;
  const changeFen = record.kind === 'change' && record.status === 'closed' ? Math.abs(quote?.totalPayFen ?? 0) : 0;
  const compensationFen =
    record.kind === 'complaint'
      ? (ctx.resolutions ?? []).filter((r) => r.kind !== 'apology').reduce((sum, r) => sum + r.amountFen, 0)
      : 0;
  const paidFare = (quote?.lines ?? []).reduce((sum, l) => sum + (l.fareFen ?? 0), 0) > 0;
  const fee =
    record.kind === 'refund' ? quote?.totalFeeFen : record.kind === 'change' ? quote?.totalChangeFeeFen : undefined;
  return {
    refundFen,
    compensationFen,
    moneyFen: refundFen + changeFen + compensationFen,
    feeWaived: quote !== null && fee === 0 && paidFare && !quote.involuntary && (refundFen > 0 || changeFen > 0),
    involuntary: Boolean(quote?.involuntary) && (refundFen > 0 || record.kind === 'change'),
    supervisorEscalation: (ctx.escalations ?? []).some((e) => e.level === 'supervisor'),
  };
}

export function sampleCandidate(record: CaseFactsRecord): SampleCandidate {
  const money = moneyFacts(record);
  return {
    caseId: record._id.toHexString(),
    ref: record.ref,
    kind: record.kind,
    agentId: caseAgent(record)?.id ?? null,
    refundFen: money.refundFen,
    compensationFen: money.compensationFen,
    feeWaived: money.feeWaived,
    involuntary: money.involuntary,
    supervisorEscalation: money.supervisorEscalation,
  };
}
