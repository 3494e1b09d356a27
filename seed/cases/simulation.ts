/**
 * Replays case scripts through the case engine on a hand-moved clock, as the running system would
 * have lived them: every script step is sent with createCase/sendCaseEvent as its user, the
 * outbox job answers within seconds (seat holds, payments, refunds, ticketing), and the timer job
 * fires each due timer (seat-hold expiry, SLA and refund-deadline breaches) shortly after it is due.
 *
 * Steps of all scripts run in time order. Last steps that leave effects pending (a payment the
 * gateway has not answered yet) run after everything else, so no later job run performs them.
 */
import type { Types } from 'mongoose';
import type { AppDeps } from '../../server/src/deps';
import { createCase, sendCaseEvent } from '../../server/src/cases/cases.service';
import { fireDueTimers, performOutbox } from '../../server/src/cases/jobs';
import { CaseModel } from '../../server/src/db/models/case';
import type { Random } from '../random';
import type { SeedClock } from '../time';
import type { CaseScript, Decline, ScriptStep } from './script';

export type SeedFailure = { script: string; step: number | null; event: string | null; message: string };

export type SimulationEnv = {
  deps: AppDeps;
  clock: SeedClock;
  /** Declines the fake gateway should give, by case id (read by the gateway's decline hook). */
  declines: Map<string, Decline[]>;
  random: Random;
};

export type SimulationResult = {
  caseIds: Map<number, string>;
  failures: SeedFailure[];
};

type Scheduled = { script: CaseScript; index: number; step: ScriptStep };

const byTime = (a: Scheduled, b: Scheduled) =>
  a.step.at.getTime() - b.step.at.getTime() || a.script.id - b.script.id || a.index - b.index;

export async function simulateCases(
  env: SimulationEnv,
  scripts: readonly CaseScript[],
  present: Date,
): Promise<SimulationResult> {
  const caseIds = new Map<number, string>();
  const failures: SeedFailure[] = [];
  const broken = new Set<number>();
  const stuckTimers = new Set<string>();

  const all: Scheduled[] = scripts.flatMap((script) => script.steps.map((step, index) => ({ script, index, step })));
  const live = all.filter((s) => s.step.outbox === 'drain').sort(byTime);
  const pendingOnce = all.filter((s) => s.step.outbox === 'once').sort(byTime);
  const pendingNone = all.filter((s) => s.step.outbox === 'none').sort(byTime);

  const fail = (s: Scheduled, error: unknown) => {
    broken.add(s.script.id);
    const event = s.step.action.type === 'create' ? 'CREATE' : s.step.action.event.type;
    failures.push({
      script: s.script.label,
      step: s.index,
      event,
      message: error instanceof Error ? error.message : String(error),
    });
  };

  /** The outbox job, run until nothing is left, each round a few seconds after the last. */
  const drainOutbox = async () => {
    for (let round = 0; round < 20; round++) {
      if (!(await CaseModel.exists({ outboxPending: true }))) return;
      env.clock.advance(env.random.int(1, 4) * 1000);
      if ((await performOutbox(env.deps)) === 0) return;
    }
  };

  /** The timer job, run just after each timer falls due up to `until`. */
  const catchUpTimers = async (until: Date) => {
    for (let guard = 0; guard < 1_000; guard++) {
      const next = await CaseModel.findOne(
        { status: 'open', nextDueAt: { $lte: until }, _id: { $nin: [...stuckTimers] } },
        { nextDueAt: 1, nextDueEvent: 1, ref: 1 },
      )
        .sort({ nextDueAt: 1 })
        .lean<{ _id: Types.ObjectId; nextDueAt: Date; nextDueEvent: string | null; ref: string }>();
      if (!next) return;
      env.clock.set(new Date(next.nextDueAt.getTime() + env.random.int(1, 20) * 1000));
      const before = await CaseModel.findById(next._id, { version: 1 }).lean<{ version: number }>();
      await fireDueTimers(env.deps);
      await drainOutbox();
      const after = await CaseModel.findById(next._id, { version: 1, nextDueAt: 1 }).lean<{
        version: number;
        nextDueAt: Date | null;
      }>();
      if (
        after &&
        before &&
        after.version === before.version &&
        after.nextDueAt?.getTime() === next.nextDueAt.getTime()
      ) {
        // The timer job could not fire it (it logged why); leave it for the running server.
        stuckTimers.add(next._id.toHexString());
        failures.push({
          script: next.ref,
          step: null,
          event: next.nextDueEvent,
          message: `timer due ${next.nextDueAt.toISOString()} could not be fired`,
        });
      }
    }
  };

  const run = async (s: Scheduled) => {
    if (broken.has(s.script.id)) return;
    const { step, script } = s;
    try {
      if (step.action.type === 'create') {
        const created = await createCase(env.deps, step.by, {
          ...step.action.input,
          idempotencyKey: `seed-case-${script.id}-0`,
        });
        caseIds.set(script.id, created.id);
        return;
      }
      const caseId = caseIds.get(script.id);
      if (!caseId) throw new Error('the case was not created');
      const current = await CaseModel.findById(caseId, { version: 1, assigneeId: 1, queue: 1 }).lean<{
        version: number;
        assigneeId: string | null;
        queue: string;
      }>();
      if (!current) throw new Error(`case ${caseId} disappeared`);
      // The agent who opened the case already works it (cases.service assigns them): handing it to
      // them again would do nothing, and the engine refuses steps that do nothing.
      const event = step.action.event as { type: string; assigneeId?: unknown; queue?: unknown };
      if (event.type === 'ASSIGN' && event.assigneeId === current.assigneeId) return;
      if (event.type === 'TRANSFER' && event.queue === current.queue && event.assigneeId === current.assigneeId) return;
      if (step.declines.length > 0) env.declines.set(caseId, [...step.declines]);
      await sendCaseEvent(
        env.deps,
        step.by,
        {
          caseId,
          expectedVersion: current.version,
          idempotencyKey: `seed-case-${script.id}-${s.index}`,
          event: step.action.event,
        },
        { ip: 'seed' },
      );
    } catch (error) {
      fail(s, error);
    }
  };

  // Each step runs at its own time: the few seconds a job run takes after one case's step must not
  // push every later case along (each case's own history still moves forward, its steps being
  // minutes apart).
  for (const s of live) {
    await catchUpTimers(s.step.at);
    env.clock.set(s.step.at);
    await run(s);
    await drainOutbox();
    const caseId = caseIds.get(s.script.id);
    if (caseId) env.declines.delete(caseId);
  }
  await catchUpTimers(present);

  // The gateway answered these first calls, but what followed (ticketing, reissue) is still queued.
  for (const s of pendingOnce) {
    env.clock.set(s.step.at);
    await run(s);
  }
  if (pendingOnce.length > 0) {
    env.clock.advance(env.random.int(3, 9) * 1000);
    await performOutbox(env.deps);
  }
  for (const s of pendingNone) {
    env.clock.set(s.step.at);
    await run(s);
  }
  env.clock.set(present);

  for (const script of scripts) {
    const caseId = caseIds.get(script.id);
    if (!caseId || broken.has(script.id)) continue;
    const record = await CaseModel.findById(caseId, { state: 1, ref: 1 }).lean<{ state: string; ref: string }>();
    if (record?.state !== script.target) {
      failures.push({
        script: script.label,
        step: null,
        event: null,
        message: `${record?.ref ?? caseId} ended in state ${record?.state ?? '(missing)'}, not ${script.target}`,
      });
    }
  }
  return { caseIds, failures };
}
