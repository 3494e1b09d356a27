import { z } from 'zod';
import {
  caseHistoryInputSchema,
  caseListInputSchema,
  createCaseInputSchema,
  objectIdSchema,
  sendEventInputSchema,
} from '../../../shared/cases';
import { caseWorkerRoles } from '../../../shared/roles';
import { authedProcedure, roleProcedure, router } from '../trpc/init';
import { caseHistory, createCase, getCase, listCases, sendCaseEvent } from './cases.service';

const byId = z.object({ id: objectIdSchema }).strict();

/** Every role reads cases (QA replays them); only case workers change them. */
export const casesRouter = router({
  create: roleProcedure(...caseWorkerRoles)
    .input(createCaseInputSchema.strict())
    .mutation(({ ctx, input }) => createCase(ctx.deps, ctx.user, input)),
  get: authedProcedure.input(byId).query(({ ctx, input }) => getCase(input.id, ctx.user.role)),
  list: authedProcedure
    .input(caseListInputSchema.strict())
    .query(({ ctx, input }) => listCases(ctx.deps, ctx.user, input)),
  send: roleProcedure(...caseWorkerRoles)
    .input(sendEventInputSchema.strict())
    .mutation(({ ctx, input }) => sendCaseEvent(ctx.deps, ctx.user, input, { ip: ctx.ip })),
  history: authedProcedure.input(caseHistoryInputSchema.strict()).query(({ input }) => caseHistory(input)),
});
