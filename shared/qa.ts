/** Inputs of the QA procedures (server/src/qa/qa.router.ts). */
import { z } from 'zod';
import { caseKindSchema, caseStatusSchema, channelSchema, idempotencyKeySchema, objectIdSchema } from './cases';

const localizedTextSchema = z.object({
  'zh-CN': z.string().trim().min(1).max(300),
  en: z.string().trim().min(1).max(300),
});
const shanghaiDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  // 2026-13-45 or 2026-02-30 would become an invalid or shifted Date further down: refuse it here.
  .refine((d) => {
    const day = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === d;
  }, 'must be a real calendar date');

export const replayInputSchema = z.object({ caseId: objectIdSchema }).strict();

export const findCasesInputSchema = z
  .object({
    kind: caseKindSchema.optional(),
    state: z.string().max(60).optional(),
    status: caseStatusSchema.optional(),
    agentId: objectIdSchema.optional(),
    /** Shanghai days, inclusive, of the case's last activity. */
    from: shanghaiDateSchema.optional(),
    to: shanghaiDateSchema.optional(),
    /** Cases that moved at least this much money (refund paid, change fare difference, compensation), fen. */
    minMoneyFen: z.number().int().min(0).max(100_000_000).optional(),
    channel: channelSchema.optional(),
    ref: z.string().trim().max(40).optional(),
    limit: z.number().int().min(1).max(200).default(50),
    cursor: objectIdSchema.optional(),
  })
  .strict();
export type FindCasesInput = z.input<typeof findCasesInputSchema>;

export const questionScaleSchema = z.enum(['yes_no', 'one_to_five']);
export const scorecardInputSchema = z
  .object({
    /** A new version of this family, or a new family. */
    family: z
      .string()
      .trim()
      .regex(/^[a-z0-9-]{2,40}$/, 'lower-case letters, digits and dashes'),
    name: localizedTextSchema,
    kinds: z.array(caseKindSchema).max(4),
    sections: z
      .array(
        z.object({
          id: z.string().trim().min(1).max(40),
          title: localizedTextSchema,
          questions: z
            .array(
              z.object({
                id: z.string().trim().min(1).max(40),
                text: localizedTextSchema,
                weight: z.number().int().min(0).max(100),
                scale: questionScaleSchema,
                allowNa: z.boolean(),
                critical: z.boolean(),
              }),
            )
            .min(1)
            .max(40),
        }),
      )
      .min(1)
      .max(20),
  })
  .strict();
export type ScorecardInput = z.input<typeof scorecardInputSchema>;

export const answerValueSchema = z.union([
  z.literal('yes'),
  z.literal('no'),
  z.literal('na'),
  z.number().int().min(1).max(5),
]);
export const reviewAnswersSchema = z
  .array(
    z.object({
      questionId: z.string().min(1).max(40),
      value: answerValueSchema,
      comment: z.string().trim().max(1000).optional(),
    }),
  )
  .min(1)
  .max(200);

export const createReviewInputSchema = z
  .object({
    caseId: objectIdSchema,
    scorecardId: objectIdSchema,
    answers: reviewAnswersSchema,
    comment: z.string().trim().max(4000).default(''),
    idempotencyKey: idempotencyKeySchema,
  })
  .strict();
export type CreateReviewInput = z.input<typeof createReviewInputSchema>;

export const reviewIdInputSchema = z.object({ reviewId: objectIdSchema }).strict();
export const caseIdInputSchema = z.object({ caseId: objectIdSchema }).strict();

export const disputeInputSchema = z
  .object({ reviewId: objectIdSchema, comment: z.string().trim().min(1).max(2000) })
  .strict();
export const resolveDisputeInputSchema = z
  .object({
    reviewId: objectIdSchema,
    outcome: z.enum(['accepted', 'partly', 'rejected']),
    comment: z.string().trim().min(1).max(2000),
    /** Accepted or partly: the corrected answers (scored on the review's own scorecard version). */
    answers: reviewAnswersSchema.optional(),
  })
  .strict();

export const samplingRulesSchema = z
  .object({
    sharePercent: z.number().int().min(0).max(100),
    refundAboveFen: z.number().int().min(0).max(100_000_000),
    everyCompensation: z.boolean(),
    everyWaiverOrInvoluntary: z.boolean(),
    everySupervisorEscalation: z.boolean(),
  })
  .strict();

export const sampleInputSchema = z.object({ day: shanghaiDateSchema.optional() }).strict();

export const auditListInputSchema = z
  .object({
    action: z.string().max(60).optional(),
    /** Groups of actions: reveals (personal data), sign-ins, role and skill changes. */
    group: z.enum(['reveals', 'signins', 'user_changes']).optional(),
    actorId: z.string().max(40).optional(),
    target: z.string().max(200).optional(),
    from: shanghaiDateSchema.optional(),
    to: shanghaiDateSchema.optional(),
    limit: z.number().int().min(1).max(500).default(100),
    cursor: objectIdSchema.optional(),
  })
  .strict();
export type AuditListInput = z.input<typeof auditListInputSchema>;
