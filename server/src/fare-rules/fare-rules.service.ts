/**
 * The fare rules as the console's admin pages show them (the policy engine's own data, never a
 * copy), and the Spring Festival rush years an admin enters, which every quote passes on.
 */
import { z } from 'zod';
import type { SessionUser } from '../../../shared/auth';
import { DomainError } from '../../../shared/errors';
import {
  knownRushPeriods,
  ruleSetVersionsWithRules,
  rushPeriodProblem,
  type RushPeriod,
} from '../../../workflows/policy';
import type { AppDeps } from '../deps';
import { recordAudit } from '../audit/audit.service';
import { RushPeriodModel } from '../db/models/rush-period';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
export const setRushPeriodInputSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    from: isoDate,
    to: isoDate,
    /** The year has published or entered dates and the admin means to replace them. */
    replace: z.boolean().optional(),
  })
  .strict();
export type SetRushPeriodInput = z.output<typeof setRushPeriodInputSchema>;

/** The rush years admins entered, oldest first: what every quote passes as `springFestivalRush`. */
export async function enteredRushPeriods(): Promise<RushPeriod[]> {
  const rows = await RushPeriodModel.find({}, { _id: 0, year: 1, from: 1, to: 1 }).sort({ year: 1 }).limit(200).lean();
  return rows.map(({ year, from, to }) => ({ year, from, to }));
}

/** Every rule set with its versions and their tables, and the rush years (published, entered, not yet published). */
export async function listFareRules() {
  const entered = await RushPeriodModel.find({}, { _id: 0, year: 1, from: 1, to: 1, enteredBy: 1, enteredAt: 1 })
    .sort({ year: 1 })
    .limit(200)
    .lean();
  const periods = knownRushPeriods(entered.map(({ year, from, to }) => ({ year, from, to })));
  return {
    versions: ruleSetVersionsWithRules(),
    rushPeriods: periods.map((p) => {
      const who = entered.find((e) => e.year === p.year);
      return {
        ...p,
        enteredBy: p.source === 'entered' && who ? who.enteredBy.name : null,
        enteredAt: p.source === 'entered' && who ? who.enteredAt.toISOString() : null,
      };
    }),
  };
}

function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

type AdminRequest = { actor: SessionUser; ip: string };

/**
 * Stores a year's rush dates (audited). Checked by the pure rule (policy/rush-periods.ts); a year
 * with dates already (published or entered) is replaced only with `replace`, and two admins
 * entering the same new year at once cannot both win: the unique year index refuses the second.
 */
export async function setRushPeriod(deps: Pick<AppDeps, 'now'>, request: AdminRequest, input: SetRushPeriodInput) {
  const period = { year: input.year, from: input.from, to: input.to };
  const replace = input.replace ?? false;
  const problem = rushPeriodProblem(period, await enteredRushPeriods(), { replace });
  if (problem) {
    const code = problem.code === 'published' || problem.code === 'already-entered' ? 'CONFLICT' : 'INVALID_INPUT';
    throw new DomainError(code, problem.message.en, { reason: problem.message, problem: problem.code });
  }
  const now = deps.now();
  const enteredBy = { id: request.actor.id, name: request.actor.name, role: request.actor.role };
  let previous: RushPeriod | null = null;
  if (replace) {
    const before = await RushPeriodModel.findOneAndUpdate(
      { year: period.year },
      { $set: { from: period.from, to: period.to, enteredBy, enteredAt: now } },
      { upsert: true, returnDocument: 'before', projection: { _id: 0, year: 1, from: 1, to: 1 } },
    ).lean();
    previous = before ? { year: before.year, from: before.from, to: before.to } : null;
  } else {
    try {
      await RushPeriodModel.create({ ...period, enteredBy, enteredAt: now });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const reason = {
        'zh-CN': `${period.year}年春运日期刚由他人录入；请刷新后确认是否替换`,
        en: `The ${period.year} rush dates were just entered by someone else; reload and confirm a replacement`,
      };
      throw new DomainError('CONFLICT', reason.en, { reason, problem: 'already-entered' });
    }
  }
  await recordAudit({
    actor: request.actor,
    action: 'fare_rules.rush_period_set',
    target: `rush:${period.year}`,
    details: { ...period, replace, previous },
    at: now,
    ip: request.ip,
  });
  return { ...period, source: 'entered' as const, enteredBy: enteredBy.name, enteredAt: now.toISOString() };
}
