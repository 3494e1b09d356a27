import {
  auditListInputSchema,
  caseIdInputSchema,
  createReviewInputSchema,
  disputeInputSchema,
  findCasesInputSchema,
  replayInputSchema,
  resolveDisputeInputSchema,
  sampleInputSchema,
  samplingRulesSchema,
  scorecardInputSchema,
} from '../../../shared/qa';
import { shanghaiDate } from '../../../workflows/time/shanghai';
import { authedProcedure, roleProcedure, router } from '../trpc/init';
import { auditCsv, listAudit } from '../audit/audit-viewer';
import { findCases } from './finder.service';
import { isQaLead } from './qa-lead';
import { replayCase } from './replay.service';
import {
  caseReviews,
  calibration,
  createReview,
  disputeReview,
  myReviews,
  openDisputes,
  resolveDispute,
  reviewsBy,
} from './reviews.service';
import { daySample, myWorkList, samplingRules, setSamplingRules } from './sampling.service';
import { listScorecards, publishScorecard } from './scorecards.service';

/**
 * QA never changes a case: nothing here sends a case event. Agents see only their own reviews.
 *
 * | procedure             | who                                                        |
 * | --------------------- | ---------------------------------------------------------- |
 * | me                    | every signed-in role (whether they lead QA)                |
 * | replay, cases.find    | qa, supervisor, admin                                      |
 * | calibration           | qa, supervisor, admin                                      |
 * | scorecards.list       | every signed-in role (agents read the rubric they are      |
 * |                       | scored on)                                                 |
 * | scorecards.publish    | QA leads (qa with the lead flag), admin                    |
 * | reviews.create        | qa, admin (never on a case they worked)                    |
 * | reviews.byMe          | qa, admin                                                  |
 * | reviews.forCase       | qa, supervisor, admin                                      |
 * | reviews.mine          | agent, complaint_handler (their own only)                  |
 * | reviews.dispute       | agent, complaint_handler (their own, within 7 days)        |
 * | reviews.disputes      | supervisor, QA leads, admin                                |
 * | reviews.resolve       | supervisor, QA leads, admin (not the review's reviewer)    |
 * | sampling.rules        | qa, supervisor, admin                                      |
 * | sampling.setRules     | QA leads, admin                                            |
 * | sample.mine           | qa (the reviewer's work list)                              |
 * | sample.day            | qa, supervisor, admin (every reviewer's part)              |
 * | audit.list, audit.csv | admin, qa                                                  |
 */
const readers = roleProcedure('qa', 'supervisor', 'admin');
const reviewers = roleProcedure('qa', 'admin');
const caseWorkers = roleProcedure('agent', 'complaint_handler');
const leads = roleProcedure('qa', 'admin');
const resolvers = roleProcedure('supervisor', 'qa', 'admin');
const auditors = roleProcedure('admin', 'qa');

export const qaRouter = router({
  me: authedProcedure.query(async ({ ctx }) => ({ lead: await isQaLead(ctx.user) })),
  replay: readers.input(replayInputSchema).query(({ input }) => replayCase(input.caseId)),
  cases: router({
    find: readers.input(findCasesInputSchema).query(({ input }) => findCases(input)),
  }),
  calibration: readers.input(caseIdInputSchema).query(({ input }) => calibration(input.caseId)),
  scorecards: router({
    list: authedProcedure.query(() => listScorecards()),
    publish: leads
      .input(scorecardInputSchema)
      .mutation(({ ctx, input }) => publishScorecard(ctx.user, input, ctx.deps.now())),
  }),
  reviews: router({
    create: reviewers
      .input(createReviewInputSchema)
      .mutation(({ ctx, input }) => createReview(ctx.user, input, ctx.deps.now())),
    byMe: reviewers.query(({ ctx }) => reviewsBy(ctx.user, ctx.deps.now())),
    forCase: readers.input(caseIdInputSchema).query(({ ctx, input }) => caseReviews(input.caseId, ctx.deps.now())),
    mine: caseWorkers.query(({ ctx }) => myReviews(ctx.user, ctx.deps.now())),
    dispute: caseWorkers
      .input(disputeInputSchema)
      .mutation(({ ctx, input }) => disputeReview(ctx.user, input, ctx.deps.now())),
    disputes: resolvers.query(({ ctx }) => openDisputes(ctx.user, ctx.deps.now())),
    resolve: resolvers
      .input(resolveDisputeInputSchema)
      .mutation(({ ctx, input }) => resolveDispute(ctx.user, input, ctx.deps.now())),
  }),
  sampling: router({
    rules: readers.query(() => samplingRules()),
    setRules: leads
      .input(samplingRulesSchema)
      .mutation(({ ctx, input }) => setSamplingRules(ctx.user, input, ctx.deps.now())),
  }),
  sample: router({
    mine: roleProcedure('qa')
      .input(sampleInputSchema)
      .query(({ ctx, input }) => myWorkList(ctx.user, input.day, ctx.deps.now())),
    day: readers
      .input(sampleInputSchema)
      .query(({ ctx, input }) => daySample(input.day ?? shanghaiDate(ctx.deps.now()))),
  }),
  audit: router({
    list: auditors.input(auditListInputSchema).query(({ input }) => listAudit(input)),
    csv: auditors.input(auditListInputSchema).query(({ input }) => auditCsv(input)),
  }),
});
