/**
 * The reports' job: prepares yesterday's reconciliation once it is 00:30 in Shanghai, and asks the
 * customers of closed cases for a rating. Runs on every node; the day is claimed with a guarded
 * write and each rating request is keyed by its case, so each happens once.
 */
import { randomBytes } from 'node:crypto';
import type { AppDeps } from '../deps';
import { prepareYesterdayIfDue } from './reconciliation.service';
import { requestCaseRatings } from './case-ratings';

const CHECK_EVERY_MS = 60_000;

export function startReportJobs(deps: AppDeps): { stop(): Promise<void> } {
  const node = randomBytes(4).toString('hex');
  let stopped = false;
  let handle: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    if (stopped) return;
    running = prepareYesterdayIfDue(deps.now(), node)
      .then((date) => date && deps.logger.info({ date }, 'prepared the reconciliation of yesterday'))
      .then(() => requestCaseRatings(deps.now()))
      .catch((error: unknown) => deps.logger.error({ err: error }, 'reconciliation job failed'))
      .finally(() => {
        if (!stopped) handle = setTimeout(tick, CHECK_EVERY_MS);
      });
  };
  handle = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      if (handle) clearTimeout(handle);
      await running;
    },
  };
}
