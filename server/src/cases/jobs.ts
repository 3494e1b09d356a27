/**
 * Durable timers and the outbox, as jobs polling MongoDB. Both work with several server processes:
 * timer events carry an idempotency key derived from the timer, outbox entries are leased before
 * they are performed, and every effect is performed with its own idempotency key.
 */
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { DomainError } from '../../../shared/errors';
import type { Actor } from '../../../workflows/machines/contract';
import type { AppDeps } from '../deps';
import { CaseModel, type CaseRecord, type OutboxRecord } from '../db/models/case';
import { applyEvent, dropTimer } from './engine';
import { maskPayload } from './mask-payload';
import { effectHandlers } from './effects';

/** What the outbox job reads of a case: its id and its outbox. */
type OutboxOwner = Pick<CaseRecord, '_id' | 'outbox'>;

export const SYSTEM_ACTOR: Actor = { id: 'system', name: 'System', role: 'system' };

const BATCH = 50;
const LEASE_MS = 30_000;
const MAX_ATTEMPTS = 8;
/** A timer whose event failed for another reason than its state (a damaged case, repeated conflicts) waits this long. */
const TIMER_RETRY_MS = 60_000;

/**
 * Timers that failed recently, per process: left out of the next queries so that a few failing
 * cases at the front of the due list cannot keep every other timer from firing.
 */
const timerRetryAt = new Map<string, number>();

/** Sends every timer event that is due. Returns how many were fired. */
export async function fireDueTimers(deps: AppDeps): Promise<number> {
  const now = deps.now();
  for (const [caseId, at] of timerRetryAt) if (at <= now.getTime()) timerRetryAt.delete(caseId);
  const resting = [...timerRetryAt.keys()].map((id) => new Types.ObjectId(id));
  // Only what firing needs: the id and the timers (never the growing history and outbox, nor the snapshot).
  const due = await CaseModel.find(
    { status: 'open', nextDueAt: { $lte: now }, ...(resting.length > 0 ? { _id: { $nin: resting } } : {}) },
    { _id: 1, timers: 1 },
  )
    .sort({ nextDueAt: 1 })
    .limit(BATCH)
    .lean<Pick<CaseRecord, '_id' | 'timers'>[]>();
  let fired = 0;
  for (const record of due) {
    const caseId = record._id.toHexString();
    for (const timer of record.timers.filter((t) => t.dueAt.getTime() <= now.getTime())) {
      const key = `timer:${timer.key}:${timer.dueAt.toISOString()}`;
      try {
        const { replayed } = await applyEvent(deps, {
          caseId,
          expectedVersion: 'current',
          key,
          actor: SYSTEM_ACTOR,
          event: { type: timer.event, timerKey: timer.key, dueAt: timer.dueAt.toISOString() },
        });
        if (!replayed) fired++;
      } catch (error) {
        let failure = error;
        if (error instanceof DomainError && error.code === 'EVENT_NOT_ALLOWED') {
          // The state no longer cares about this timer (the machine should have cleared it): drop it so it does not fire forever.
          try {
            await dropTimer(deps, { caseId, timer, actor: SYSTEM_ACTOR });
            deps.logger.warn({ caseId, timer: timer.key }, 'dropped a timer its state does not accept');
            continue;
          } catch (dropError) {
            failure = dropError;
          }
        }
        timerRetryAt.set(caseId, now.getTime() + TIMER_RETRY_MS);
        deps.logger.error({ err: failure, caseId, timer: timer.key }, 'timer event failed; will retry');
      }
    }
  }
  return fired;
}

/** Performs pending outbox effects and sends their results back as events. Returns how many were performed. */
export async function performOutbox(deps: AppDeps): Promise<number> {
  const now = deps.now();
  // Only cases with an entry due now: entries backing off after a failure must not fill the batch.
  const candidates = await CaseModel.find(
    { outboxPending: true, outbox: { $elemMatch: { status: 'pending', nextAttemptAt: { $lte: now } } } },
    { _id: 1, outbox: 1 },
  )
    .limit(BATCH)
    .lean<OutboxOwner[]>();
  let performed = 0;
  for (const record of candidates) {
    const pending = record.outbox.filter(
      (e) =>
        e.status === 'pending' &&
        e.nextAttemptAt.getTime() <= now.getTime() &&
        (!e.leaseUntil || e.leaseUntil.getTime() < now.getTime()),
    );
    for (const effect of pending) {
      const leased = await lease(record, effect, now);
      if (!leased) continue;
      if (await performOne(deps, record, leased)) performed++;
    }
    await settleOutboxFlag(record._id.toHexString());
  }
  return performed;
}

/**
 * Leases one entry for this process: the entry as it was leased (with a lease id that only this
 * process knows), or null when another process holds it or it is not due.
 */
async function lease(record: OutboxOwner, effect: OutboxRecord, now: Date): Promise<OutboxRecord | null> {
  const leased: OutboxRecord = {
    ...effect,
    leaseId: randomUUID(),
    leaseUntil: new Date(now.getTime() + LEASE_MS),
    attempts: effect.attempts + 1,
  };
  const result = await CaseModel.updateOne(
    {
      _id: record._id,
      outbox: {
        $elemMatch: {
          id: effect.id,
          status: 'pending',
          nextAttemptAt: { $lte: now },
          $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }],
        },
      },
    },
    // The whole entry is replaced (one path per update: simpler for every MongoDB-speaking server).
    { $set: { 'outbox.$[e]': leased } },
    { arrayFilters: [{ 'e.id': effect.id }] },
  );
  return result.modifiedCount === 1 ? leased : null;
}

/**
 * Writes the outcome of a leased entry, only while this process still holds the lease: a process
 * whose lease ran out (a slow gateway) must not overwrite what the next holder recorded.
 */
async function settleLeased(
  deps: AppDeps,
  record: OutboxOwner,
  leased: OutboxRecord,
  outcome: Partial<OutboxRecord>,
): Promise<void> {
  const result = await CaseModel.updateOne(
    { _id: record._id, outbox: { $elemMatch: { id: leased.id, leaseId: leased.leaseId } } },
    { $set: { 'outbox.$[e]': { ...leased, ...outcome, leaseId: null, leaseUntil: null } } },
    { arrayFilters: [{ 'e.id': leased.id }] },
  );
  if (result.modifiedCount !== 1)
    deps.logger.warn(
      { caseId: record._id.toHexString(), effect: leased.type },
      'lost the lease on an effect before recording its outcome',
    );
}

async function performOne(deps: AppDeps, record: OutboxOwner, effect: OutboxRecord): Promise<boolean> {
  const caseId = record._id.toHexString();
  const handler = effectHandlers[effect.type as keyof typeof effectHandlers];
  try {
    if (!handler) throw new Error(`no handler for effect ${effect.type}`);
    const outcome = await handler(deps, effect.params as never, { key: effect.key, caseId });
    if (outcome.event) {
      await applyEvent(deps, {
        caseId,
        expectedVersion: 'current',
        key: `effect:${effect.key}`,
        actor: SYSTEM_ACTOR,
        event: outcome.event,
      });
    }
    // Done: the parameters stay as a record, without clear ID numbers or phones (ticketing carried them).
    await settleLeased(deps, record, effect, {
      status: 'done',
      doneAt: deps.now(),
      lastError: null,
      params: maskPayload(effect.params),
    });
    return true;
  } catch (error) {
    // `effect` is the leased entry: its attempts already count this one.
    const dead =
      effect.attempts >= MAX_ATTEMPTS || (error instanceof DomainError && error.code === 'EVENT_NOT_ALLOWED');
    const backoffMs = Math.min(60_000, 500 * 2 ** effect.attempts);
    deps.logger.error(
      { err: error, caseId, effect: effect.type, attempts: effect.attempts },
      dead ? 'effect failed for good' : 'effect failed; will retry',
    );
    await settleLeased(deps, record, effect, {
      status: dead ? 'dead' : 'pending',
      lastError: error instanceof Error ? error.message : String(error),
      nextAttemptAt: new Date(deps.now().getTime() + backoffMs),
    });
    return false;
  }
}

/** Clears the case's "has pending effects" flag once nothing is pending (guarded so a new entry keeps it set). */
async function settleOutboxFlag(caseId: string): Promise<void> {
  await CaseModel.updateOne(
    { _id: caseId, outboxPending: true, outbox: { $not: { $elemMatch: { status: 'pending' } } } },
    { $set: { outboxPending: false } },
  );
}

export type CaseJobs = { stop(): Promise<void>; runOnce(): Promise<{ timers: number; effects: number }> };

/** Starts both jobs on an interval; each run finishes before the next is scheduled. */
export function startCaseJobs(deps: AppDeps): CaseJobs {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let handle: NodeJS.Timeout | undefined;

  const runOnce = async () => {
    const effects = await performOutbox(deps);
    const timers = await fireDueTimers(deps);
    // Effects sent by timer events (seat release) go out in the same run.
    const more = timers > 0 ? await performOutbox(deps) : 0;
    return { timers, effects: effects + more };
  };

  const tick = () => {
    if (stopped) return;
    running = runOnce()
      .catch((error: unknown) => deps.logger.error({ err: error }, 'case jobs run failed'))
      .finally(() => {
        if (!stopped) handle = setTimeout(tick, deps.config.jobIntervalMs);
      });
  };
  handle = setTimeout(tick, 0);

  return {
    runOnce,
    async stop() {
      stopped = true;
      if (handle) clearTimeout(handle);
      await running;
    },
  };
}
