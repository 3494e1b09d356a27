import { z } from 'zod';
import { DomainError } from '../../../shared/errors';
import {
  caseKindSchema,
  channelSchema,
  queueNameSchema,
  queuesByRole,
  type QueueItem,
  type QueueName,
} from '../../../shared/cases';
import { rooms } from '../../../shared/realtime';
import type { SessionUser } from '../../../shared/auth';
import type { AppDeps } from '../deps';
import { CaseModel, type CaseRecord } from '../db/models/case';
import { toQueueItems } from '../cases/projection';
import {
  QUEUE_SEARCH_MAX,
  QUEUE_WINDOW_MAX,
  QUEUE_WINDOW_SIZE,
  queueWindowQuery,
  queueWindowSort,
} from '../../../shared/queue-window';

export const queueSnapshotInputSchema = z
  .object({
    queues: z.array(queueNameSchema).max(10).optional(),
    /** Only the caller's own open cases and those they watch (whatever queue they sit in). */
    mine: z.boolean().optional(),
    limit: z.number().int().min(1).max(20_000).default(10_000),
  })
  .strict();
export type QueueSnapshotInput = z.input<typeof queueSnapshotInputSchema>;

export type QueueSnapshot = { items: QueueItem[]; seqs: { room: string; seq: number }[] };

/** The stored fields a queue row is projected from (never the snapshot, history or outbox). */
const queueItemFields = {
  ref: 1,
  kind: 1,
  state: 1,
  status: 1,
  queue: 1,
  priority: 1,
  channel: 1,
  subject: 1,
  assigneeId: 1,
  assigneeName: 1,
  customerId: 1,
  customerName: 1,
  bookingRef: 1,
  createdAt: 1,
  updatedAt: 1,
  waitingSince: 1,
  nextDueAt: 1,
  nextDueEvent: 1,
  watchers: 1,
  breachEvent: 1,
  breachDueAt: 1,
  version: 1,
} as const;

/** The queues asked for (all the role works when none are named); a queue the role does not work is refused. */
function allowedQueues(user: SessionUser, asked: readonly QueueName[] | undefined): readonly QueueName[] {
  const visible = queuesByRole[user.role];
  const queues = asked ?? visible;
  const refused = queues.filter((q) => !visible.includes(q));
  if (refused.length > 0)
    throw new DomainError('FORBIDDEN', `Your role does not work the queue(s): ${refused.join(', ')}.`);
  return queues;
}

/** Read before the cases: a push after this point is at least as new as what the read returns. */
function roomSeqs(deps: AppDeps, user: SessionUser, mine: boolean | undefined, queues: readonly QueueName[]) {
  const roomNames = mine ? [rooms.agent(user.id)] : queues.map((q) => rooms.queue(q));
  return Promise.all(roomNames.map(async (room) => ({ room, seq: await deps.publisher.currentSeq(room) })));
}

/**
 * The open cases a user sees, sorted by priority then waiting time, with the sequence number of
 * each room they came from so the client can tell whether a push continues this snapshot.
 */
export async function queueSnapshot(
  deps: AppDeps,
  user: SessionUser,
  rawInput: QueueSnapshotInput,
): Promise<QueueSnapshot> {
  const input = queueSnapshotInputSchema.parse(rawInput);
  const queues = allowedQueues(user, input.queues);

  const filter = input.mine
    ? { status: 'open' as const, $or: [{ assigneeId: user.id }, { 'watchers.id': user.id }] }
    : { status: 'open' as const, queue: { $in: [...queues] } };
  // Read the sequence numbers first: a push after this point is at least as new as what we read.
  const seqs = await roomSeqs(deps, user, input.mine, queues);
  const records = await CaseModel.find(filter, queueItemFields)
    .sort({ priorityRank: -1, waitingSince: 1 })
    .limit(input.limit)
    .lean<CaseRecord[]>();
  return { items: toQueueItems(records, deps.logger), seqs };
}

export const queueWindowInputSchema = z
  .object({
    queues: z.array(queueNameSchema).max(10).optional(),
    mine: z.boolean().optional(),
    kind: caseKindSchema.optional(),
    state: z.string().max(60).optional(),
    channel: channelSchema.optional(),
    queue: queueNameSchema.optional(),
    assignee: z.enum(['me', 'none']).optional(),
    search: z.string().max(QUEUE_SEARCH_MAX).optional(),
    offset: z.number().int().min(0).max(1_000_000).default(0),
    /** 0 answers only the total (what a push with an unknown effect on the count asks for). */
    limit: z.number().int().min(0).max(QUEUE_WINDOW_MAX).default(QUEUE_WINDOW_SIZE),
  })
  .strict();
export type QueueWindowInput = z.input<typeof queueWindowInputSchema>;

export type QueueWindow = {
  items: QueueItem[];
  offset: number;
  /** Rows in the whole list (scope and filters), not just this window. */
  total: number;
  seqs: { room: string; seq: number }[];
};

/**
 * One window of a queue list: `limit` rows from `offset` in queue order, the list's total, and
 * the rooms' sequence numbers read before both. Filters run here, on indexed fields first.
 */
export async function queueWindow(deps: AppDeps, user: SessionUser, rawInput: QueueWindowInput): Promise<QueueWindow> {
  const input = queueWindowInputSchema.parse(rawInput);
  const queues = allowedQueues(user, input.queues);
  const filter = queueWindowQuery(input, user.id, queues);
  const seqs = await roomSeqs(deps, user, input.mine, queues);
  const [total, records] = await Promise.all([
    CaseModel.countDocuments(filter),
    input.limit === 0
      ? Promise.resolve([])
      : CaseModel.find(filter, queueItemFields)
          .sort(queueWindowSort)
          .skip(input.offset)
          .limit(input.limit)
          .lean<CaseRecord[]>(),
  ]);
  return { items: toQueueItems(records, deps.logger), offset: input.offset, total, seqs };
}
