/**
 * reports.summary: every figure of workflows/reports/definitions.ts for a range of Shanghai
 * business days, optionally grouped. Each source is one aggregation pipeline on indexed fields
 * that returns sums per group (never the cases themselves); occupancy streams presence changes
 * through a cursor. workflows/reports/figures.ts turns the sums into figures.
 */
import mongoose from 'mongoose';
import { caseKinds } from '../../../shared/case-vocabulary';
import type { ReportGrouping, ReportSummaryInput } from '../../../shared/reports';
import {
  FIRST_CONTACT_WINDOW_MS,
  WORK_GAP_CAP_MS,
  breachEvents,
  complaintOutcomes,
  onContactStatuses,
  serviceLevelTargetSeconds,
  DEFAULT_SERVICE_LEVEL_TARGET_SECONDS,
} from '../../../workflows/reports/definitions';
import { addSums, deriveFigures, emptySums, type FigureSums } from '../../../workflows/reports/figures';
import { shanghaiDate, shanghaiMidnight } from '../../../workflows/time/shanghai';
import { CaseModel } from '../db/models/case';
import { DAY_MS, and, eq, groupKey, notNull, sumIf } from './pipeline-parts';

export type ReportRange = { fromMs: number; toMs: number };

export function rangeOf(input: { from: string; to: string }): ReportRange {
  return { fromMs: shanghaiMidnight(input.from), toMs: shanghaiMidnight(input.to) + DAY_MS };
}

type GroupRow = { _id: { k: string; l: string } } & Record<string, number | { k: string; l: string }>;
type Groups = Map<string, { label: string; sums: FigureSums }>;

function into(groups: Groups, row: { _id: { k: string; l: string } }, fill: (s: FigureSums) => void) {
  const key = String(row._id.k);
  let group = groups.get(key);
  if (!group) {
    group = { label: String(row._id.l), sums: emptySums() };
    groups.set(key, group);
  }
  fill(group.sums);
}

const num = (row: GroupRow, field: string): number => {
  const value = row[field];
  return typeof value === 'number' ? value : 0;
};

const conversations = () => mongoose.connection.collection('conversations');
const presenceChanges = () => mongoose.connection.collection('presence_changes');

/** Contacts offered, answered, abandoned, service level, ASA, AHT and chat CSAT from `conversations`. */
async function contactSums(range: ReportRange, groupBy: ReportGrouping | undefined, groups: Groups) {
  const targetMs = {
    $multiply: [
      1000,
      {
        $switch: {
          branches: Object.entries(serviceLevelTargetSeconds).map(([queue, s]) => ({
            case: eq('$queue', queue),
            then: s,
          })),
          default: DEFAULT_SERVICE_LEVEL_TARGET_SECONDS,
        },
      },
    ],
  };
  const answered = notNull('$answeredAt');
  const handled = and(answered, notNull('$endedAt'), notNull('$wrapUpEndAt'));
  const rows = await conversations()
    .aggregate<GroupRow>([
      { $match: { queuedAt: { $gte: new Date(range.fromMs), $lt: new Date(range.toMs) } } },
      {
        $group: {
          _id: groupKey(groupBy, {
            at: '$queuedAt',
            queue: '$queue',
            agentId: '$agentId',
            agentName: '$agentName',
            channel: '$channel',
          }),
          offered: { $sum: 1 },
          answered: sumIf(answered),
          abandoned: sumIf(eq('$status', 'abandoned')),
          within: sumIf(and(answered, { $lte: [{ $subtract: ['$answeredAt', '$queuedAt'] }, targetMs] })),
          waitMs: sumIf(answered, { $subtract: ['$answeredAt', '$queuedAt'] }),
          handled: sumIf(handled),
          talkMs: sumIf(handled, {
            $subtract: [{ $subtract: ['$endedAt', '$answeredAt'] }, { $ifNull: ['$holdMs', 0] }],
          }),
          holdMs: sumIf(handled, { $ifNull: ['$holdMs', 0] }),
          wrapUpMs: sumIf(handled, { $subtract: ['$wrapUpEndAt', '$endedAt'] }),
          csatCount: sumIf(notNull('$csat.score')),
          csatSum: sumIf(notNull('$csat.score'), '$csat.score'),
        },
      },
    ])
    .toArray();
  for (const row of rows)
    into(groups, row, (s) => {
      s.contacts = {
        offered: num(row, 'offered'),
        answered: num(row, 'answered'),
        abandoned: num(row, 'abandoned'),
        answeredWithinTarget: num(row, 'within'),
        answerWaitMs: num(row, 'waitMs'),
        handled: num(row, 'handled'),
        talkMs: num(row, 'talkMs'),
        holdMs: num(row, 'holdMs'),
        wrapUpMs: num(row, 'wrapUpMs'),
      };
      s.csat.count += num(row, 'csatCount');
      s.csat.sum += num(row, 'csatSum');
    });
}

const caseFields = {
  at: '$createdAt',
  queue: '$queue',
  agentId: '$assigneeId',
  agentName: '$assigneeName',
  channel: '$channel',
};

/** Cases created per kind (on createdAt) and case CSAT (on the rating's time). */
async function createdSums(range: ReportRange, groupBy: ReportGrouping | undefined, groups: Groups) {
  const rows = await CaseModel.aggregate<GroupRow>([
    { $match: { createdAt: { $gte: new Date(range.fromMs), $lt: new Date(range.toMs) } } },
    {
      $group: {
        _id: groupKey(groupBy, caseFields),
        ...Object.fromEntries(caseKinds.map((k) => [k, sumIf(eq('$kind', k))])),
      },
    },
  ]);
  for (const row of rows) into(groups, row, (s) => caseKinds.forEach((k) => (s.cases.created[k] = num(row, k))));

  const rated = await CaseModel.aggregate<GroupRow>([
    { $match: { 'csat.at': { $gte: new Date(range.fromMs), $lt: new Date(range.toMs) } } },
    {
      $group: {
        _id: groupKey(groupBy, { ...caseFields, at: '$csat.at' }),
        count: { $sum: 1 },
        sum: { $sum: '$csat.score' },
      },
    },
  ]);
  for (const row of rated)
    into(groups, row, (s) => {
      s.csat.count += num(row, 'count');
      s.csat.sum += num(row, 'sum');
    });
}

/**
 * First contact resolution: the cases of a customer and booking in creation order, each compared
 * with the next one (created up to 7 days after the range so the last days are judged too).
 */
async function firstContactSums(range: ReportRange, groupBy: ReportGrouping | undefined, groups: Groups) {
  const rows = await CaseModel.aggregate<GroupRow>([
    {
      $match: {
        createdAt: { $gte: new Date(range.fromMs), $lt: new Date(range.toMs + FIRST_CONTACT_WINDOW_MS) },
        customerId: { $ne: null },
        bookingId: { $ne: null },
      },
    },
    { $project: { customerId: 1, bookingId: 1, createdAt: 1, queue: 1, assigneeId: 1, assigneeName: 1, channel: 1 } },
    { $sort: { customerId: 1, bookingId: 1, createdAt: 1 } },
    { $group: { _id: { c: '$customerId', b: '$bookingId' }, items: { $push: '$$ROOT' } } },
    { $project: { items: 1, following: '$items' } },
    { $unwind: { path: '$items', includeArrayIndex: 'i' } },
    { $match: { 'items.createdAt': { $lt: new Date(range.toMs) } } },
    { $project: { item: '$items', next: { $arrayElemAt: ['$following', { $add: ['$i', 1] }] } } },
    {
      $group: {
        _id: groupKey(groupBy, {
          at: '$item.createdAt',
          queue: '$item.queue',
          agentId: '$item.assigneeId',
          agentName: '$item.assigneeName',
          channel: '$item.channel',
        }),
        withBooking: { $sum: 1 },
        resolved: sumIf({
          $or: [
            { $eq: [{ $ifNull: ['$next', null] }, null] },
            { $gt: [{ $subtract: ['$next.createdAt', '$item.createdAt'] }, FIRST_CONTACT_WINDOW_MS] },
          ],
        }),
      },
    },
  ]);
  for (const row of rows)
    into(groups, row, (s) => {
      s.cases.withBooking = num(row, 'withBooking');
      s.cases.resolvedFirstContact = num(row, 'resolved');
    });
}

/**
 * What happened to cases in the range, from their history: closes (with time worked and open and
 * a complaint's outcome), money paid, collected and issued (amounts from the effect the result
 * answers), reissued changes and breached due times.
 */
async function historySums(range: ReportRange, groupBy: ReportGrouping | undefined, groups: Groups) {
  const inRange = { $gte: new Date(range.fromMs), $lt: new Date(range.toMs) };
  const ctx = '$snapshot.context';
  const counted = ['REFUND_SETTLED', 'PAYMENT_SUCCEEDED', 'COMPENSATION_ISSUED', 'REISSUED', ...breachEvents];
  const h = '$history';
  const isClose = and(eq('$history.to', 'closed'), { $ne: ['$history.from', 'closed'] });
  const kindIs = (k: string) => eq('$kind', k);
  const eventIs = (e: string) => eq('$history.event', e);
  const rows = await CaseModel.aggregate<GroupRow>([
    { $match: { history: { $elemMatch: { at: inRange } } } },
    {
      $project: {
        kind: 1,
        queue: 1,
        channel: 1,
        assigneeId: 1,
        assigneeName: 1,
        createdAt: 1,
        outbox: { key: 1, params: { amountFen: 1 } },
        refundFeeFen: { $ifNull: [`${ctx}.quote.totalFeeFen`, 0] },
        changeFeeFen: { $ifNull: [`${ctx}.quote.totalChangeFeeFen`, 0] },
        differenceFen: { $max: [0, { $ifNull: [`${ctx}.quote.totalDifferenceFeeFen`, 0] }] },
        outcome: { $ifNull: [{ $arrayElemAt: [`${ctx}.resolutions.kind`, -1] }, 'none'] },
        workedMs: {
          $getField: {
            field: 'sum',
            input: {
              $reduce: {
                input: { $filter: { input: h, as: 'e', cond: { $ne: ['$$e.actor.role', 'system'] } } },
                initialValue: { prev: '$createdAt', sum: 0 },
                in: {
                  prev: '$$this.at',
                  sum: {
                    $add: ['$$value.sum', { $min: [WORK_GAP_CAP_MS, { $subtract: ['$$this.at', '$$value.prev'] }] }],
                  },
                },
              },
            },
          },
        },
        history: { at: 1, event: 1, from: 1, to: 1, key: 1 },
      },
    },
    { $unwind: h },
    { $match: { 'history.at': inRange, $or: [{ 'history.event': { $in: counted } }, { 'history.to': 'closed' }] } },
    {
      $addFields: {
        amountFen: {
          $ifNull: [
            {
              $arrayElemAt: [
                {
                  $map: {
                    input: {
                      $filter: {
                        input: '$outbox',
                        as: 'o',
                        cond: { $eq: [{ $concat: ['effect:', '$$o.key'] }, '$history.key'] },
                      },
                    },
                    as: 'o',
                    in: '$$o.params.amountFen',
                  },
                },
                0,
              ],
            },
            0,
          ],
        },
      },
    },
    {
      $group: {
        _id: groupKey(groupBy, { ...caseFields, at: '$history.at' }),
        ...Object.fromEntries(caseKinds.map((k) => [`closed_${k}`, sumIf(and(isClose, kindIs(k)))])),
        workedMs: sumIf(isClose, '$workedMs'),
        openMs: sumIf(isClose, { $subtract: ['$history.at', '$createdAt'] }),
        refunds: sumIf(and(kindIs('refund'), eventIs('REFUND_SETTLED'))),
        refundFen: sumIf(and(kindIs('refund'), eventIs('REFUND_SETTLED')), '$amountFen'),
        refundFeesFen: sumIf(and(kindIs('refund'), eventIs('REFUND_SETTLED')), '$refundFeeFen'),
        changes: sumIf(and(kindIs('change'), eventIs('REISSUED'))),
        changeFeesFen: sumIf(and(kindIs('change'), eventIs('REISSUED')), '$changeFeeFen'),
        changeDifferenceFen: sumIf(and(kindIs('change'), eventIs('REISSUED')), '$differenceFen'),
        changeRefundedFen: sumIf(and(kindIs('change'), eventIs('REFUND_SETTLED')), '$amountFen'),
        compensationFen: sumIf(
          and(kindIs('complaint'), { $in: ['$history.event', ['COMPENSATION_ISSUED', 'REFUND_SETTLED']] }),
          '$amountFen',
        ),
        ...Object.fromEntries(
          complaintOutcomes.map((o) => [`outcome_${o}`, sumIf(and(isClose, kindIs('complaint'), eq('$outcome', o)))]),
        ),
        ...Object.fromEntries(breachEvents.map((e) => [`breach_${e}`, sumIf(eventIs(e))])),
      },
    },
  ]);
  for (const row of rows)
    into(groups, row, (s) => {
      caseKinds.forEach((k) => (s.cases.closed[k] = num(row, `closed_${k}`)));
      s.cases.workedMs = num(row, 'workedMs');
      s.cases.openMs = num(row, 'openMs');
      s.refunds = { count: num(row, 'refunds'), amountFen: num(row, 'refundFen'), feesFen: num(row, 'refundFeesFen') };
      s.changes = {
        count: num(row, 'changes'),
        feesFen: num(row, 'changeFeesFen'),
        differenceFen: num(row, 'changeDifferenceFen'),
        differenceRefundedFen: num(row, 'changeRefundedFen'),
      };
      s.complaints.compensationFen = num(row, 'compensationFen');
      complaintOutcomes.forEach((o) => (s.complaints.byOutcome[o] = num(row, `outcome_${o}`)));
      breachEvents.forEach((e) => (s.breaches[e] = num(row, `breach_${e}`)));
    });
}

type PresenceChange = { userId: string; userName?: string; status: string; at: Date };

/**
 * Occupancy from `presence_changes`: each status lasts until the user's next change (or the end
 * of the range, or now). Streamed in (user, time) order, so memory holds one user's open status.
 * Only day and agent groupings split it; queue and channel groupings show it in the totals.
 */
async function occupancySums(range: ReportRange, groupBy: ReportGrouping | undefined, groups: Groups, nowMs: number) {
  const endMs = Math.min(range.toMs, nowMs);
  const totals = { onContactMs: 0, availableMs: 0 };
  const credit = (change: PresenceChange, startMs: number, stopMs: number) => {
    const kind = (onContactStatuses as readonly string[]).includes(change.status)
      ? 'onContactMs'
      : change.status === 'available'
        ? 'availableMs'
        : null;
    if (!kind) return;
    for (let t = Math.max(startMs, range.fromMs); t < Math.min(stopMs, endMs);) {
      const dayEnd = shanghaiMidnight(shanghaiDate(t)) + DAY_MS;
      const until = Math.min(dayEnd, stopMs, endMs);
      totals[kind] += until - t;
      if (groupBy === 'day' || groupBy === 'agent') {
        const key = groupBy === 'day' ? shanghaiDate(t) : change.userId;
        const label = groupBy === 'day' ? key : (change.userName ?? change.userId);
        into(groups, { _id: { k: key, l: label } }, (s) => (s.occupancy[kind] += until - t));
      }
      t = until;
    }
  };
  // Each user's status as the range starts: their last change before it.
  const opening = await presenceChanges()
    .aggregate<PresenceChange & { _id: string }>([
      { $match: { at: { $lt: new Date(range.fromMs) } } },
      { $sort: { userId: 1, at: -1 } },
      {
        $group: {
          _id: '$userId',
          userId: { $first: '$userId' },
          userName: { $first: '$userName' },
          status: { $first: '$status' },
          at: { $first: '$at' },
        },
      },
    ])
    .toArray();
  const openingByUser = new Map(opening.map((o) => [o.userId, o]));
  let current: PresenceChange | null = null;
  const cursor = presenceChanges()
    .find(
      { at: { $gte: new Date(range.fromMs), $lt: new Date(endMs) } },
      { projection: { userId: 1, userName: 1, status: 1, at: 1 } },
    )
    .sort({ userId: 1, at: 1 });
  for await (const doc of cursor) {
    const change = doc as unknown as PresenceChange;
    if (current?.userId !== change.userId) {
      if (current) credit(current, current.at.getTime(), endMs);
      const before = openingByUser.get(change.userId);
      openingByUser.delete(change.userId);
      if (before) credit(before, range.fromMs, change.at.getTime());
    } else {
      credit(current, current.at.getTime(), change.at.getTime());
    }
    current = change;
  }
  if (current) credit(current, current.at.getTime(), endMs);
  // Users with no change in the range kept their opening status throughout.
  for (const before of openingByUser.values()) credit(before, range.fromMs, endMs);
  return totals;
}

export type ReportComment = {
  source: 'chat' | 'case';
  ref: string | null;
  agentName: string | null;
  score: number;
  comment: string;
  at: string;
};

/** The latest rated contacts and cases with a comment, for the CSAT table. */
async function csatComments(range: ReportRange): Promise<ReportComment[]> {
  const filter = {
    'csat.at': { $gte: new Date(range.fromMs), $lt: new Date(range.toMs) },
    'csat.comment': { $nin: [null, ''] },
  };
  type Rated = {
    _id: unknown;
    ref?: string;
    agentName?: string | null;
    assigneeName?: string | null;
    csat: { score: number; comment: string; at: Date };
  };
  const [chats, cases] = await Promise.all([
    conversations()
      .find(filter, { projection: { agentName: 1, csat: 1 } })
      .sort({ 'csat.at': -1 })
      .limit(20)
      .toArray() as unknown as Promise<Rated[]>,
    CaseModel.find(filter, { ref: 1, assigneeName: 1, csat: 1 }).sort({ 'csat.at': -1 }).limit(20).lean<Rated[]>(),
  ]);
  return [
    ...chats.map((c) => ({ source: 'chat' as const, ref: null, agentName: c.agentName ?? null, ...c.csat })),
    ...cases.map((c) => ({
      source: 'case' as const,
      ref: c.ref ?? null,
      agentName: c.assigneeName ?? null,
      ...c.csat,
    })),
  ]
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, 20)
    .map((c) => ({ ...c, at: c.at.toISOString() }));
}

export async function reportSummary(input: ReportSummaryInput, nowMs: number) {
  const range = rangeOf(input);
  const groups: Groups = new Map();
  await contactSums(range, input.groupBy, groups);
  await createdSums(range, input.groupBy, groups);
  await firstContactSums(range, input.groupBy, groups);
  await historySums(range, input.groupBy, groups);
  const occupancy = await occupancySums(range, input.groupBy, groups, nowMs);

  let totals = emptySums();
  for (const g of groups.values()) totals = addSums(totals, g.sums);
  // Occupancy is summed once for the whole range: a queue or channel grouping does not split it.
  totals.occupancy = occupancy;
  const rows = [...groups.entries()]
    .filter(([key]) => key !== 'all')
    .map(([key, g]) => ({ key, label: g.label, sums: g.sums, figures: deriveFigures(g.sums) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    from: input.from,
    to: input.to,
    groupBy: input.groupBy ?? null,
    sums: totals,
    // The figures the issue names at the top level, so `summary.refunds.amountFen` reads directly.
    ...deriveFigures(totals),
    groups: rows,
    comments: await csatComments(range),
  };
}

export type ReportSummary = Awaited<ReturnType<typeof reportSummary>>;
