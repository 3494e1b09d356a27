/**
 * The routing jobs, on an interval like the case jobs: the presence sweep (consoles gone long
 * enough → offline, offered work taken back) and the router. Each unit of work is claimed with a
 * guarded write, so every server process can run them.
 */
import type { AppDeps } from '../deps';
import { sweepGonePresences } from './presence.service';

export type RoutingJobs = { stop(): Promise<void>; runOnce(): Promise<{ offline: number }> };

export async function runPresenceSweep(deps: AppDeps): Promise<number> {
  const gone = await sweepGonePresences(deps);
  return gone.length;
}

export function startRoutingJobs(deps: AppDeps): RoutingJobs {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let handle: NodeJS.Timeout | undefined;

  const runOnce = async () => ({ offline: await runPresenceSweep(deps) });

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
