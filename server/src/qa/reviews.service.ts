/**
 * QA reviews: scored on the server from the scorecard version they were made with; the agent may
 * dispute one within 7 days; a supervisor or QA lead resolves it, and only that changes the score.
 */
import { Types } from 'mongoose';
import type { SessionUser } from '../../../shared/auth';
import { DomainError } from '../../../shared/errors';
import {
  createReviewInputSchema,
  type CreateReviewInput,
  disputeInputSchema,
  resolveDisputeInputSchema,
} from '../../../shared/qa';
import { answerSpread, scoreReview, ScoreInputError, type Answer } from '../../../workflows/qa/score';
import { CaseModel } from '../db/models/case';
import { ReviewModel, type ReviewAnswerRecord, type ReviewRecord, type ScorecardRecord } from '../db/models/qa';
import { caseAgent, caseFactsProjection, caseWorkers, type CaseFactsRecord } from './case-facts';
import { loadScorecard } from './scorecards.service';
import { isQaLead } from './qa-lead';
import type { z } from 'zod';

export const DISPUTE_WINDOW_DAYS = 7;
const DISPUTE_WINDOW_MS = DISPUTE_WINDOW_DAYS * 86_400_000;

export function toReview(record: ReviewRecord, now: Date) {
  const windowEndsAt = new Date(record.createdAt.getTime() + DISPUTE_WINDOW_MS);
  return {
    id: record._id.toHexString(),
    caseId: record.caseId,
    caseRef: record.caseRef,
    caseKind: record.caseKind,
    agent: record.agentId ? { id: record.agentId, name: record.agentName ?? '' } : null,
    reviewer: { id: record.reviewer.id, name: record.reviewer.name },
    scorecardId: record.scorecardId,
    scorecardFamily: record.scorecardFamily,
    scorecardVersion: record.scorecardVersion,
    answers: record.answers.map((a) => ({ questionId: a.questionId, value: a.value, comment: a.comment ?? null })),
    comment: record.comment,
    score: record.score,
    originalScore: record.originalScore,
    criticalFailed: record.criticalFailed,
    createdAt: record.createdAt.toISOString(),
    disputeWindowEndsAt: windowEndsAt.toISOString(),
    /** Whether the agent may still dispute it now. */
    disputable: record.dispute === null && now.getTime() <= windowEndsAt.getTime(),
    dispute: record.dispute && {
      status: record.dispute.status,
      comment: record.dispute.comment,
      openedAt: record.dispute.openedAt.toISOString(),
      resolvedAt: record.dispute.resolvedAt?.toISOString() ?? null,
      resolvedBy: record.dispute.resolvedBy,
      resolution: record.dispute.resolution,
      previousScore: record.dispute.previousScore,
    },
  };
}
export type Review = ReturnType<typeof toReview>;

function answersOf(
  input: { questionId: string; value: Answer['value']; comment?: string | undefined }[],
): ReviewAnswerRecord[] {
  return input.map((a) => ({ questionId: a.questionId, value: a.value, comment: a.comment ? a.comment : null }));
}

function scored(scorecard: ScorecardRecord, answers: ReviewAnswerRecord[]) {
  try {
    return scoreReview(scorecard.sections, answers);
  } catch (error) {
    if (error instanceof ScoreInputError)
      throw new DomainError('INVALID_INPUT', `The answers do not fit the scorecard: ${error.message}.`);
    throw error;
  }
}

async function loadCaseFacts(caseId: string): Promise<CaseFactsRecord> {
  const record = Types.ObjectId.isValid(caseId)
    ? await CaseModel.findById(caseId, caseFactsProjection).lean<CaseFactsRecord>()
    : null;
  if (!record) throw new DomainError('NOT_FOUND', `Case ${caseId} does not exist.`);
  return record;
}

export async function createReview(user: SessionUser, rawInput: CreateReviewInput, now: Date): Promise<Review> {
  const input = createReviewInputSchema.parse(rawInput);
  const createKey = `${user.id}:${input.idempotencyKey}`;
  const already = await ReviewModel.findOne({ createKey }).lean<ReviewRecord>();
  if (already) {
    if (already.caseId !== input.caseId || already.scorecardId !== input.scorecardId)
      throw new DomainError(
        'INVALID_INPUT',
        'This idempotency key was already used for another review; send it with a new key.',
      );
    return toReview(already, now);
  }
  const record = await loadCaseFacts(input.caseId);
  if (caseWorkers(record).has(user.id))
    throw new DomainError('FORBIDDEN', `You worked on case ${record.ref}: a reviewer never reviews their own cases.`);
  const scorecard = await loadScorecard(input.scorecardId);
  const answers = answersOf(input.answers);
  const result = scored(scorecard, answers);
  const agent = caseAgent(record);
  try {
    const created = await ReviewModel.create({
      caseId: input.caseId,
      caseRef: record.ref,
      caseKind: record.kind,
      agentId: agent?.id ?? null,
      agentName: agent?.name ?? null,
      reviewer: { id: user.id, name: user.name, role: user.role },
      scorecardId: scorecard._id.toHexString(),
      scorecardFamily: scorecard.family,
      scorecardVersion: scorecard.version,
      answers,
      comment: input.comment,
      score: result.score,
      originalScore: result.score,
      criticalFailed: result.criticalFailed,
      createKey,
      createdAt: now,
      dispute: null,
    });
    return toReview(created.toObject() as unknown as ReviewRecord, now);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 11000) throw error;
    const raced = await ReviewModel.findOne({ createKey }).lean<ReviewRecord>();
    if (raced) return toReview(raced, now);
    throw new DomainError('CONFLICT', `You already reviewed case ${record.ref}.`);
  }
}

/** An agent's own reviews, newest first (agents see only theirs). */
export async function myReviews(user: SessionUser, now: Date): Promise<Review[]> {
  const records = await ReviewModel.find({ agentId: user.id })
    .sort({ createdAt: -1 })
    .limit(200)
    .lean<ReviewRecord[]>();
  return records.map((r) => toReview(r, now));
}

/** Reviews of one case (QA, supervisors, admins). */
export async function caseReviews(caseId: string, now: Date): Promise<Review[]> {
  const records = await ReviewModel.find({ caseId }).sort({ createdAt: 1 }).lean<ReviewRecord[]>();
  return records.map((r) => toReview(r, now));
}

/** The reviews a reviewer made, newest first. */
export async function reviewsBy(user: SessionUser, now: Date): Promise<Review[]> {
  const records = await ReviewModel.find({ 'reviewer.id': user.id })
    .sort({ createdAt: -1 })
    .limit(200)
    .lean<ReviewRecord[]>();
  return records.map((r) => toReview(r, now));
}

async function loadReview(reviewId: string): Promise<ReviewRecord> {
  const record = Types.ObjectId.isValid(reviewId) ? await ReviewModel.findById(reviewId).lean<ReviewRecord>() : null;
  if (!record) throw new DomainError('NOT_FOUND', `Review ${reviewId} does not exist.`);
  return record;
}

export async function disputeReview(
  user: SessionUser,
  rawInput: z.input<typeof disputeInputSchema>,
  now: Date,
): Promise<Review> {
  const input = disputeInputSchema.parse(rawInput);
  const record = await loadReview(input.reviewId);
  // Another agent's review does not exist for this agent.
  if (record.agentId !== user.id) throw new DomainError('NOT_FOUND', `Review ${input.reviewId} does not exist.`);
  if (record.dispute) throw new DomainError('CONFLICT', 'This review is already disputed.');
  if (now.getTime() > record.createdAt.getTime() + DISPUTE_WINDOW_MS)
    throw new DomainError(
      'POLICY_REFUSED',
      `A review can be disputed within ${DISPUTE_WINDOW_DAYS} days; this one was made on ${record.createdAt.toISOString().slice(0, 10)}.`,
    );
  const updated = await ReviewModel.findOneAndUpdate(
    { _id: record._id, dispute: null },
    {
      $set: {
        dispute: {
          status: 'open',
          comment: input.comment,
          openedAt: now,
          resolvedAt: null,
          resolvedBy: null,
          resolution: null,
          previousScore: null,
        },
      },
    },
    { returnDocument: 'after' },
  ).lean<ReviewRecord>();
  if (!updated) throw new DomainError('CONFLICT', 'This review is already disputed.');
  return toReview(updated, now);
}

async function assertResolver(user: SessionUser): Promise<void> {
  if (user.role === 'supervisor' || (await isQaLead(user))) return;
  throw new DomainError('FORBIDDEN', 'Only supervisors and QA leads resolve disputes.');
}

/** Open disputes, oldest first. */
export async function openDisputes(user: SessionUser, now: Date): Promise<Review[]> {
  await assertResolver(user);
  const records = await ReviewModel.find({ 'dispute.status': 'open' })
    .sort({ 'dispute.openedAt': 1 })
    .limit(200)
    .lean<ReviewRecord[]>();
  return records.map((r) => toReview(r, now));
}

export async function resolveDispute(
  user: SessionUser,
  rawInput: z.input<typeof resolveDisputeInputSchema>,
  now: Date,
): Promise<Review> {
  await assertResolver(user);
  const input = resolveDisputeInputSchema.parse(rawInput);
  const record = await loadReview(input.reviewId);
  if (record.dispute?.status !== 'open') throw new DomainError('CONFLICT', 'This review has no open dispute.');
  if (record.reviewer.id === user.id)
    throw new DomainError('FORBIDDEN', 'A reviewer does not resolve a dispute of their own review.');
  let score = record.score;
  let answers = record.answers;
  let criticalFailed = record.criticalFailed;
  if (input.outcome !== 'rejected') {
    if (!input.answers) throw new DomainError('INVALID_INPUT', 'An accepted dispute gives the corrected answers.');
    answers = answersOf(input.answers);
    const result = scored(await loadScorecard(record.scorecardId), answers);
    score = result.score;
    criticalFailed = result.criticalFailed;
  }
  const updated = await ReviewModel.findOneAndUpdate(
    { _id: record._id, 'dispute.status': 'open' },
    {
      $set: {
        score,
        answers,
        criticalFailed,
        dispute: {
          ...record.dispute,
          status: input.outcome,
          resolvedAt: now,
          resolvedBy: { id: user.id, name: user.name },
          resolution: input.comment,
          previousScore: record.score,
        },
      },
    },
    { returnDocument: 'after' },
  ).lean<ReviewRecord>();
  if (!updated) throw new DomainError('CONFLICT', 'Someone else resolved this dispute first.');
  return toReview(updated, now);
}

/** Several reviewers' answers to the same case, per question of each scorecard version, with their spread. */
export async function calibration(caseId: string) {
  const reviews = await ReviewModel.find({ caseId }).sort({ createdAt: 1 }).lean<ReviewRecord[]>();
  const byScorecard = new Map<string, ReviewRecord[]>();
  for (const r of reviews) byScorecard.set(r.scorecardId, [...(byScorecard.get(r.scorecardId) ?? []), r]);
  const groups = [];
  for (const [scorecardId, group] of byScorecard) {
    const scorecard = await loadScorecard(scorecardId);
    const perReview = group.map((r) => ({ review: r, result: scoreReview(scorecard.sections, r.answers) }));
    groups.push({
      scorecardId,
      family: scorecard.family,
      version: scorecard.version,
      reviewers: group.map((r) => ({ id: r.reviewer.id, name: r.reviewer.name, score: r.score })),
      scoreSpread: answerSpread(group.map((r) => r.score / 100)),
      questions: scorecard.sections.flatMap((s) =>
        s.questions.map((q) => {
          const shares = perReview.map((p) => p.result.perQuestion[q.id] ?? null);
          return {
            questionId: q.id,
            text: q.text,
            answers: perReview.map((p) => ({
              reviewerId: p.review.reviewer.id,
              value: p.review.answers.find((a) => a.questionId === q.id)?.value ?? null,
            })),
            spread: answerSpread(shares),
          };
        }),
      ),
    });
  }
  return { caseId, groups };
}
