/**
 * QA over the demo seed (issue 11): every seeded case replays step by step from what the engine
 * recorded, ending on what `cases.get` returns; the day's sample is deterministic and takes in every
 * money decision the rules name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseModel, type CaseRecord } from '../../server/src/db/models/case';
import { UserModel } from '../../server/src/db/models/user';
import { toSessionUser } from '../../server/src/auth/sessions';
import { createCaller } from '../../server/src/trpc/root';
import { seedDemoData } from '../../seed/index';
import { shanghaiDate } from '../../workflows/time/shanghai';
import type { SessionUser } from '../../shared/auth';
import { connectTestDatabase, testDeps } from '../support/deps';
import { contextFor } from '../support/platform';

const anchor = new Date('2026-05-10T00:00:00+08:00');
const deps = testDeps({ now: () => new Date('2026-05-10T09:30:00+08:00') });
let cleanup: () => Promise<void>;
let qa1: SessionUser;

beforeAll(async () => {
  cleanup = await connectTestDatabase('qa_seeded');
  const summary = await seedDemoData(deps, { anchor });
  expect(summary.failures).toEqual([]);
  qa1 = toSessionUser((await UserModel.findOne({ username: 'qa1' }).lean())!);
}, 120_000);
afterAll(async () => cleanup());

const as = (user: SessionUser) => createCaller(contextFor(deps, user));
const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe('replay of every seeded case', () => {
  it('gives one step per history entry; step i is the case after i entries, the last is cases.get', async () => {
    const records = await CaseModel.find({}, { _id: 1 }).lean<Pick<CaseRecord, '_id'>[]>();
    expect(records.length).toBe(120);
    const caller = as(qa1);
    let steps = 0;
    for (const { _id } of records) {
      const caseId = _id.toHexString();
      const [replay, detail, stored] = await Promise.all([
        caller.qa.replay({ caseId }),
        caller.cases.get({ id: caseId }),
        CaseModel.findById(caseId).lean<CaseRecord>(),
      ]);
      expect(replay.coverage, replay.ref).toBe('full');
      expect(replay.steps).toHaveLength(stored!.history.length);
      replay.steps.forEach((s, i) => {
        const entry = stored!.history[i]!;
        // The case after its first i entries: version i, in the entry's to-state, as of the entry's time.
        expect(s.index).toBe(i + 1);
        expect([s.event, s.from, s.to, s.at]).toEqual([entry.event, entry.from, entry.to, entry.at.toISOString()]);
        expect(s.data?.version, `${replay.ref} step ${i + 1}`).toBe(i + 1);
        expect(s.data?.state).toBe(entry.to);
        expect(s.data?.updatedAt).toBe(entry.at.toISOString());
        // What the step changed, from the step before: at least its version.
        expect(s.changes.map((c) => c.path.join('.'))).toContain('version');
        steps++;
      });
      const { allowedEvents: _allowed, ...now } = detail;
      expect(replay.steps.at(-1)!.data, replay.ref).toEqual(json(now));
    }
    expect(steps).toBeGreaterThan(500);
  }, 120_000);

  it('shows the quote and the rule at the money steps of a settled refund', async () => {
    const refund = await CaseModel.findOne({
      kind: 'refund',
      'snapshot.context.settlement': { $ne: null },
    }).lean<CaseRecord>();
    const replay = await as(qa1).qa.replay({ caseId: refund!._id.toHexString() });
    const quoted = replay.steps.find((s) => s.event === 'QUOTE_REFUND')!;
    expect(quoted.data?.kind).toBe('refund');
    const quote = (quoted.data as { data: { quote: { totalRefundFen: number; ruleIds: string[] } } }).data.quote;
    expect(quote.ruleIds.length).toBeGreaterThan(0);
    expect(quoted.changes.some((c) => c.path.join('.') === 'data.quote')).toBe(true);
    expect(replay.steps.at(-1)!.to).toBe(refund!.state);
  });
});

describe('sampling over the seeded days', () => {
  it('is the same sample for the same day and rules, and every refund above the amount, compensation and supervisor escalation is in', async () => {
    const qa = as(qa1);
    await qa.qa.sampling.setRules({
      sharePercent: 25,
      refundAboveFen: 20_000,
      everyCompensation: true,
      everyWaiverOrInvoluntary: true,
      everySupervisorEscalation: true,
    });
    const closed = await CaseModel.find({ status: 'closed' }).lean<CaseRecord[]>();
    const days = [...new Set(closed.map((c) => shanghaiDate(c.updatedAt)))].sort();
    expect(days.length).toBeGreaterThan(2);
    let musts = 0;
    for (const day of days) {
      const sample = await qa.qa.sample.day({ day });
      expect(await qa.qa.sample.day({ day })).toEqual(sample);
      const ids = new Set(sample.items.map((i) => i.caseId));
      const ofDay = closed.filter((c) => shanghaiDate(c.updatedAt) === day);
      for (const c of ofDay) {
        const ctx = c.snapshot.context as {
          settlement?: unknown;
          quote?: { totalRefundFen?: number; involuntary?: boolean } | null;
          resolutions?: { kind: string; amountFen: number }[];
          escalations?: { level: string }[];
        };
        const paidAbove = c.kind === 'refund' && ctx.settlement && (ctx.quote?.totalRefundFen ?? 0) > 20_000;
        const compensated =
          c.kind === 'complaint' && (ctx.resolutions ?? []).some((r) => r.kind !== 'apology' && r.amountFen > 0);
        const escalated = c.kind === 'complaint' && (ctx.escalations ?? []).some((e) => e.level === 'supervisor');
        if (paidAbove || compensated || escalated) {
          musts++;
          expect(ids.has(c._id.toHexString()), `${c.ref} on ${day}`).toBe(true);
        }
      }
      // Every reviewer's item is one of the day's closed cases, given to a QA reviewer.
      for (const item of sample.items) expect(ofDay.some((c) => c._id.toHexString() === item.caseId)).toBe(true);
    }
    expect(musts).toBeGreaterThan(0);
    // Another rule set is another sample (another hash), still deterministic.
    const before = await qa.qa.sample.day({ day: days[days.length - 1]! });
    await qa.qa.sampling.setRules({ ...before.rules, sharePercent: 100 });
    const all = await qa.qa.sample.day({ day: days[days.length - 1]! });
    expect(all.rulesHash).not.toBe(before.rulesHash);
    expect(all.items.length).toBeGreaterThanOrEqual(before.items.length);
  }, 60_000);
});
