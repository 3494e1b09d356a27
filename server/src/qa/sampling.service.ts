/** The day's QA sample per reviewer, by the rules QA leads set (workflows/qa/sampling.ts draws it). */
import type { SessionUser } from '../../../shared/auth';
import { samplingRulesSchema } from '../../../shared/qa';
import { defaultSamplingRules, drawSample, rulesHash, type SamplingRules } from '../../../workflows/qa/sampling';
import { endOfShanghaiDay, shanghaiDate, shanghaiMidnight } from '../../../workflows/time/shanghai';
import { CaseModel } from '../db/models/case';
import { ReviewModel, SamplingRulesModel, type SamplingRulesRecord } from '../db/models/qa';
import { UserModel } from '../db/models/user';
import { caseFactsProjection, moneyFacts, sampleCandidate, type CaseFactsRecord } from './case-facts';
import { assertQaLead } from './qa-lead';
import type { z } from 'zod';

const RULES_ID = 'current';

export async function samplingRules(): Promise<{ rules: SamplingRules; hash: string; updatedAt: string | null }> {
  const doc = await SamplingRulesModel.findById(RULES_ID).lean<SamplingRulesRecord>();
  const rules = doc?.rules ?? defaultSamplingRules;
  return { rules, hash: rulesHash(rules), updatedAt: doc?.updatedAt.toISOString() ?? null };
}

export async function setSamplingRules(user: SessionUser, raw: z.input<typeof samplingRulesSchema>, now: Date) {
  await assertQaLead(user, 'set the sampling rules');
  const rules = samplingRulesSchema.parse(raw);
  await SamplingRulesModel.updateOne(
    { _id: RULES_ID },
    { $set: { rules, updatedBy: { id: user.id, name: user.name }, updatedAt: now } },
    { upsert: true },
  );
  return samplingRules();
}

/** The closed cases of a Shanghai day (last activity that day), as sampling reads them. */
async function closedCasesOf(day: string): Promise<CaseFactsRecord[]> {
  return CaseModel.find(
    {
      status: 'closed',
      updatedAt: {
        $gte: new Date(shanghaiMidnight(day)),
        $lte: new Date(new Date(endOfShanghaiDay(day)).getTime() + 999),
      },
    },
    caseFactsProjection,
  ).lean<CaseFactsRecord[]>();
}

/** The whole day's sample (every reviewer's), with each item's review progress. */
export async function daySample(day: string) {
  const [{ rules, hash }, records, reviewers] = await Promise.all([
    samplingRules(),
    closedCasesOf(day),
    UserModel.find({ role: 'qa', active: true }, { _id: 1 }).lean(),
  ]);
  const byId = new Map(records.map((r) => [r._id.toHexString(), r]));
  const sample = drawSample(
    day,
    rules,
    records.map(sampleCandidate),
    reviewers.map((r) => r._id.toHexString()),
  );
  const reviews = await ReviewModel.find(
    { caseId: { $in: sample.map((s) => s.caseId) } },
    { caseId: 1, 'reviewer.id': 1, score: 1 },
  ).lean<{ caseId: string; reviewer: { id: string }; score: number }[]>();
  return {
    day,
    rulesHash: hash,
    rules,
    items: sample.flatMap((s) => {
      const record = byId.get(s.caseId);
      if (!record) return [];
      const review = reviews.find((r) => r.caseId === s.caseId && r.reviewer.id === s.reviewerId);
      return [
        {
          ...s,
          state: record.state,
          moneyFen: moneyFacts(record).moneyFen,
          closedAt: record.updatedAt.toISOString(),
          reviewed: Boolean(review),
          score: review?.score ?? null,
        },
      ];
    }),
  };
}

/** A reviewer's work list: their part of the day's sample and how far they got. */
export async function myWorkList(user: SessionUser, day: string | undefined, now: Date) {
  const sample = await daySample(day ?? shanghaiDate(now));
  const items = sample.items.filter((i) => i.reviewerId === user.id);
  return { ...sample, items, done: items.filter((i) => i.reviewed).length, total: items.length };
}
