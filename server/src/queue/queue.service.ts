import { z } from 'zod';
import { DomainError } from '../../../shared/errors';
import { queueNameSchema, queuesByRole, type QueueItem, type QueueName } from '../../../shared/cases';
import { rooms } from '../../../shared/realtime';
import type { SessionUser } from '../../../shared/auth';
import type { AppDeps } from '../deps';
import { CaseModel, type CaseRecord } from '../db/models/case';
import { toQueueItems } from '../cases/projection';

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
  const visible = queuesByRole[user.role];
  const queues: readonly QueueName[] = input.queues ?? visible;
  const refused = queues.filter((q) => !visible.includes(q));
  if (refused.length > 0)
    throw new DomainError('FORBIDDEN', `Your role does not work the queue(s): ${refused.join(', ')}.`);

  const filter = input.mine
    ? { status: 'open' as const, $or: [{ assigneeId: user.id }, { 'watchers.id': user.id }] }
    : { status: 'open' as const, queue: { $in: [...queues] } };
  // Read the sequence numbers first: a push after this point is at least as new as what we read.
  const roomNames = input.mine ? [rooms.agent(user.id)] : queues.map((q) => rooms.queue(q));
  const seqs = await Promise.all(roomNames.map(async (room) => ({ room, seq: await deps.publisher.currentSeq(room) })));
  const records = await CaseModel.find(filter, { history: 0, outbox: 0, snapshot: 0, idempotencyKeys: 0 })
    .sort({ priorityRank: -1, waitingSince: 1 })
    .limit(input.limit)
    .lean<CaseRecord[]>();
  return { items: toQueueItems(records, deps.logger), seqs };
}
