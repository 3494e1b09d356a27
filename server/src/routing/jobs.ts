/**
 * The routing jobs, on an interval like the case jobs: the presence sweep (consoles gone long
 * enough → offline, the work offered to them taken back) and the router. Each unit of work is
 * claimed with a guarded write, so every server process can run them.
 */
import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../deps';
import type { ConversationStore } from './conversation-store';
import { routeOnce, takeBackOffers, type RouteResult } from './live-router';
import { sweepGonePresences } from './presence.service';
import { returnCasesOfAbsentOwners } from './next-case';

export type RoutingJobs = {
  stop(): Promise<void>;
  runOnce(): Promise<RouteResult & { offline: number; casesReturned: number }>;
};

/** Users whose consoles are all gone go offline; what was offered to them goes back to the queue. */
export async function runPresenceSweep(deps: AppDeps, store?: ConversationStore): Promise<number> {
  const gone = await sweepGonePresences(deps);
  if (store) for (const presence of gone) await takeBackOffers(deps, store, presence.userId);
  return gone.length;
}

export function startRoutingJobs(deps: AppDeps, store: ConversationStore): RoutingJobs {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let handle: NodeJS.Timeout | undefined;
  const routerId = randomUUID();

  const runOnce = async () => {
    const offline = await runPresenceSweep(deps, store);
    const casesReturned = await returnCasesOfAbsentOwners(deps);
    return { offline, casesReturned, ...(await routeOnce(deps, store, routerId)) };
  };

  const tick = () => {
    if (stopped) return;
    running = runOnce()
      .catch((error: unknown) => deps.logger.error({ err: error }, 'routing jobs run failed'))
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
