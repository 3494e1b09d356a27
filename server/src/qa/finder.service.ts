/** The QA case finder: open and closed cases by kind, state, agent, days, money moved, channel and ref. */
import { Types } from 'mongoose';
import { findCasesInputSchema, type FindCasesInput } from '../../../shared/qa';
import { endOfShanghaiDay, shanghaiMidnight } from '../../../workflows/time/shanghai';
import { CaseModel } from '../db/models/case';
import { caseAgent, caseFactsProjection, moneyFacts, type CaseFactsRecord } from './case-facts';

/** Cases that moved at least `min` fen, in the stored fields each kind keeps its money in. */
function movedAtLeast(min: number): Record<string, unknown> {
  return {
    $or: [
      {
        kind: 'refund',
        'snapshot.context.settlement': { $ne: null },
        'snapshot.context.quote.totalRefundFen': { $gte: min },
      },
      { kind: 'change', status: 'closed', 'snapshot.context.quote.totalPayFen': { $gte: min } },
      { kind: 'change', status: 'closed', 'snapshot.context.quote.totalPayFen': { $lte: -min } },
      {
        kind: 'complaint',
        'snapshot.context.resolutions': { $elemMatch: { kind: { $ne: 'apology' }, amountFen: { $gte: min } } },
      },
    ],
  };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export async function findCases(rawInput: FindCasesInput) {
  const input = findCasesInputSchema.parse(rawInput);
  const filter: Record<string, unknown> = {};
  if (input.kind) filter.kind = input.kind;
  if (input.state) filter.state = input.state;
  if (input.status) filter.status = input.status;
  if (input.channel) filter.channel = input.channel;
  if (input.agentId) filter.$or = [{ assigneeId: input.agentId }, { 'history.actor.id': input.agentId }];
  if (input.ref) filter.ref = { $regex: `^${escapeRegex(input.ref.toUpperCase())}` };
  if (input.from || input.to) {
    filter.updatedAt = {
      ...(input.from ? { $gte: new Date(shanghaiMidnight(input.from)) } : {}),
      ...(input.to ? { $lte: new Date(new Date(endOfShanghaiDay(input.to)).getTime() + 999) } : {}),
    };
  }
  const and: Record<string, unknown>[] = [filter];
  if (input.minMoneyFen !== undefined && input.minMoneyFen > 0) and.push(movedAtLeast(input.minMoneyFen));
  if (input.cursor) and.push({ _id: { $lt: new Types.ObjectId(input.cursor) } });
  const records = await CaseModel.find({ $and: and }, caseFactsProjection)
    .sort({ _id: -1 })
    .limit(input.limit + 1)
    .lean<(CaseFactsRecord & { customerName: string | null; bookingRef: string | null })[]>();
  const page = records.slice(0, input.limit);
  return {
    items: page.map((r) => ({
      id: r._id.toHexString(),
      ref: r.ref,
      kind: r.kind,
      state: r.state,
      status: r.status,
      channel: r.channel,
      agent: caseAgent(r),
      customerName: r.customerName,
      bookingRef: r.bookingRef,
      moneyFen: moneyFacts(r).moneyFen,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    })),
    nextCursor: records.length > input.limit ? (page[page.length - 1]?._id.toHexString() ?? null) : null,
  };
}
