/**
 * Durable timers and the outbox, as jobs polling MongoDB. Both work with several server processes:
 * timer events carry an idempotency key derived from the timer, outbox entries are leased before
 * they are performed, and every effect is performed with its own idempotency key.
 */
import { DomainError } from '../../../shared/errors';
import type { Actor } from '../../../workflows/machines/contract';
import type { AppDeps } from '../deps';
import { CaseModel, type CaseRecord, type OutboxRecord } from '../db/models/case';
import { applyEvent } from './engine';
import { effectHandlers } from './effects';

export const SYSTEM_ACTOR: Actor = { id: 'system', name: 'System', role: 'system' };

const BATCH = 50;
const LEASE_MS = 30_000;
const MAX_ATTEMPTS = 8;

/** Sends every timer event that is due. Returns how many were fired. */
export async function fireDueTimers(deps: AppDeps): Promise<number> {
  const now = deps.now();
  const due = await CaseModel.find({ status: 'open', nextDueAt: { $lte: now } })
    .sort({ nextDueAt: 1 })
    .limit(BATCH)
    .lean<CaseRecord[]>();
  let fired = 0;
  for (const record of due) {
    for (const timer of record.timers.filter((t) => t.dueAt.getTime() <= now.getTime())) {
      const key = `timer:${timer.key}:${timer.dueAt.toISOString()}`;
      try {
        await applyEvent(deps, {
          caseId: record._id.toHexString(),
          expectedVersion: 'current',
          key,
          actor: SYSTEM_ACTOR,
          event: { type: timer.event, timerKey: timer.key, dueAt: timer.dueAt.toISOString() },
        });
        fired++;
      } catch (error) {
        if (error instanceof DomainError && error.code === 'EVENT_NOT_ALLOWED') {
          // The state no longer cares about this timer (the machine should have cleared it): drop it so it does not fire forever.
          await dropTimer(record._id.toHexString(), timer.key);
          deps.logger.warn({ caseId: record._id.toHexString(), timer: timer.key }, 'dropped a timer its state does not accept');
        } else {
          deps.logger.error({ err: error, caseId: record._id.toHexString(), timer: timer.key }, 'timer event failed');
        }
      }
    }
  }
  return fired;
}

async function dropTimer(caseId: string, key: string): Promise<void> {
  const record = await CaseModel.findById(caseId).lean<CaseRecord>();
  if (!record) return;
  const timers = ((record.snapshot.context.timers ?? []) as { key: string }[]).filter((t) => t.key !== key);
  const remaining = record.timers.filter((t) => t.key !== key);
  await CaseModel.updateOne(
    { _id: record._id, version: record.version },
    {
      $set: {
        'snapshot.context.timers': timers,
        timers: remaining,
        nextDueAt: remaining[0]?.dueAt ?? null,
        nextDueEvent: remaining[0]?.event ?? null,
      },
      $inc: { version: 1 },
    },
  );
}

/** Performs pending outbox effects and sends their results back as events. Returns how many were performed. */
export async function performOutbox(deps: AppDeps): Promise<number> {
  const now = deps.now();
  const candidates = await CaseModel.find({ outboxPending: true }).limit(BATCH).lean<CaseRecord[]>();
  let performed = 0;
  for (const record of candidates) {
    const pending = record.outbox.filter((e) => e.status === 'pending' && e.nextAttemptAt.getTime() <= now.getTime() && (!e.leaseUntil || e.leaseUntil.getTime() < now.getTime()));
    for (const effect of pending) {
      if (!(await lease(record, effect, now))) continue;
      if (await performOne(deps, record, effect)) performed++;
    }
    await settleOutboxFlag(record._id.toHexString());
  }
  return performed;
}

/** Leases one entry for this process; false when another process holds it. */
async function lease(record: CaseRecord, effect: OutboxRecord, now: Date): Promise<boolean> {
  const result = await CaseModel.updateOne(
    {
      _id: record._id,
      outbox: { $elemMatch: { id: effect.id, status: 'pending', $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }] } },
    },
    // The whole entry is replaced (one path per update: simpler for every MongoDB-speaking server).
    { $set: { 'outbox.$[e]': { ...effect, leaseUntil: new Date(now.getTime() + LEASE_MS), attempts: effect.attempts + 1 } } },
    { arrayFilters: [{ 'e.id': effect.id }] },
  );
  return result.modifiedCount === 1;
}

async function performOne(deps: AppDeps, record: CaseRecord, effect: OutboxRecord): Promise<boolean> {
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
    await CaseModel.updateOne(
      { _id: record._id },
      { $set: { 'outbox.$[e]': { ...effect, attempts: effect.attempts + 1, status: 'done', doneAt: deps.now(), leaseUntil: null, lastError: null } } },
      { arrayFilters: [{ 'e.id': effect.id }] },
    );
    return true;
  } catch (error) {
    const attempts = effect.attempts + 1;
    const dead = attempts >= MAX_ATTEMPTS || (error instanceof DomainError && error.code === 'EVENT_NOT_ALLOWED');
    const backoffMs = Math.min(60_000, 500 * 2 ** attempts);
    deps.logger.error({ err: error, caseId, effect: effect.type, attempts }, dead ? 'effect failed for good' : 'effect failed; will retry');
    await CaseModel.updateOne(
      { _id: record._id },
      {
        $set: {
          'outbox.$[e]': {
            ...effect,
            attempts,
            status: dead ? 'dead' : 'pending',
            lastError: error instanceof Error ? error.message : String(error),
            nextAttemptAt: new Date(deps.now().getTime() + backoffMs),
            leaseUntil: null,
          },
        },
      },
      { arrayFilters: [{ 'e.id': effect.id }] },
    );
    return false;
  }
}

/** Clears the case's "has pending effects" flag once nothing is pending (guarded so a new entry keeps it set). */
async function settleOutboxFlag(caseId: string): Promise<void> {
  await CaseModel.updateOne({ _id: caseId, outboxPending: true, outbox: { $not: { $elemMatch: { status: 'pending' } } } }, { $set: { outboxPending: false } });
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
