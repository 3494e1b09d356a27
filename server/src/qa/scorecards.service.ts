import { Types } from 'mongoose';
import type { SessionUser } from '../../../shared/auth';
import { DomainError } from '../../../shared/errors';
import { scorecardInputSchema, type ScorecardInput } from '../../../shared/qa';
import { rubricProblems } from '../../../workflows/qa/score';
import { ScorecardModel, type ScorecardRecord } from '../db/models/qa';
import { assertQaLead } from './qa-lead';

export function toScorecard(record: ScorecardRecord, latest: boolean) {
  return {
    id: record._id.toHexString(),
    family: record.family,
    version: record.version,
    latest,
    name: record.name,
    kinds: record.kinds,
    sections: record.sections.map((s) => ({
      id: s.id,
      title: s.title,
      questions: s.questions.map((q) => ({ ...q })),
    })),
    createdBy: record.createdBy,
    createdAt: record.createdAt.toISOString(),
  };
}
export type Scorecard = ReturnType<typeof toScorecard>;

/** Every version of every scorecard, newest version of each family first; `latest` marks the one new reviews use. */
export async function listScorecards(): Promise<Scorecard[]> {
  const records = await ScorecardModel.find({}).sort({ family: 1, version: -1 }).lean<ScorecardRecord[]>();
  const seen = new Set<string>();
  return records.map((r) => {
    const latest = !seen.has(r.family);
    seen.add(r.family);
    return toScorecard(r, latest);
  });
}

export async function loadScorecard(id: string): Promise<ScorecardRecord> {
  const record = Types.ObjectId.isValid(id) ? await ScorecardModel.findById(id).lean<ScorecardRecord>() : null;
  if (!record) throw new DomainError('NOT_FOUND', `Scorecard ${id} does not exist.`);
  return record;
}

/** Saves a scorecard as the next version of its family (the first when new); older versions stay as they were. */
export async function publishScorecard(user: SessionUser, rawInput: ScorecardInput, now: Date): Promise<Scorecard> {
  await assertQaLead(user, 'edit scorecards');
  const input = scorecardInputSchema.parse(rawInput);
  const problems = rubricProblems(input.sections);
  if (problems.length > 0)
    throw new DomainError(
      'INVALID_INPUT',
      `The scorecard cannot be used: ${problems.map((p) => p.message).join('; ')}.`,
      {
        issues: problems,
      },
    );
  for (let attempt = 0; attempt < 3; attempt++) {
    const last = await ScorecardModel.findOne({ family: input.family }, { version: 1 }).sort({ version: -1 }).lean();
    try {
      const created = await ScorecardModel.create({
        ...input,
        version: (last?.version ?? 0) + 1,
        createdBy: { id: user.id, name: user.name },
        createdAt: now,
      });
      return toScorecard(created.toObject() as unknown as ScorecardRecord, true);
    } catch (error) {
      // Two leads saved at once: the unique (family, version) index refused one; it takes the next number.
      if ((error as { code?: unknown }).code !== 11000) throw error;
    }
  }
  throw new DomainError('CONFLICT', 'Someone else is saving this scorecard; try again.');
}
