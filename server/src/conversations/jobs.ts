/**
 * The conversation jobs: durable timers (offer expiry, wrap-up end) fired as ordinary events, and
 * callbacks that came due or broke their window. Safe on every node: timer events carry a key
 * derived from the timer (fired twice, applied once) and callbacks move with guarded writes.
 */
import { DomainError } from '../../../shared/errors';
import type { AppDeps } from '../deps';
import { ConversationModel, type ConversationRecord } from '../db/models/conversation';
import { fireDueCallbacks, recordCallbackBreaches } from './callbacks';
import { SYSTEM_ACTOR } from './contacts';
import { applyConversationEvent } from './engine';

const BATCH = 50;

export async function fireDueConversationTimers(deps: AppDeps): Promise<number> {
  const now = deps.now();
  const due = await ConversationModel.find({ nextDueAt: { $lte: now } }, { timers: 1 })
    .sort({ nextDueAt: 1 })
    .limit(BATCH)
    .lean<Pick<ConversationRecord, '_id' | 'timers'>[]>();
  let fired = 0;
  for (const record of due) {
    for (const timer of record.timers.filter((t) => t.dueAt.getTime() <= now.getTime())) {
      try {
        const { replayed } = await applyConversationEvent(deps, {
          conversationId: record._id.toHexString(),
          expectedVersion: 'current',
          key: `timer:${timer.key}:${timer.dueAt.toISOString()}`,
          actor: SYSTEM_ACTOR,
          event: { type: timer.event },
        });
        if (!replayed) fired++;
      } catch (error) {
        // The state moved on since the job read it (an answer beat the expiry): nothing to do.
        if (error instanceof DomainError && error.code === 'EVENT_NOT_ALLOWED') continue;
        deps.logger.error(
          { err: error, conversationId: record._id.toHexString(), timer: timer.key },
          'conversation timer failed',
        );
      }
    }
  }
  return fired;
}

export type ConversationJobs = { stop(): Promise<void>; runOnce(): Promise<{ timers: number; callbacks: number }> };

export function startConversationJobs(deps: AppDeps): ConversationJobs {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let handle: NodeJS.Timeout | undefined;
  const runOnce = async () => {
    const timers = await fireDueConversationTimers(deps);
    const callbacks = await fireDueCallbacks(deps);
    await recordCallbackBreaches(deps);
    return { timers, callbacks };
  };
  const tick = () => {
    if (stopped) return;
    running = runOnce()
      .catch((error: unknown) => deps.logger.error({ err: error }, 'conversation jobs run failed'))
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
