import { z } from 'zod';
import { objectIdSchema } from '../../../shared/cases';
import { caseWorkerRoles } from '../../../shared/roles';
import { authedProcedure, roleProcedure, router } from '../trpc/init';
import { actorOf } from '../cases/cases.service';
import {
  conversationsOfCase,
  conversationsOfCustomer,
  getConversation,
  linkCase,
  linkCaseInputSchema,
  linkCustomer,
  myConversations,
  openCaseFromConversation,
  openCaseInputSchema,
  screenPop,
  sendConversationCommand,
  sendConversationInputSchema,
} from './conversations.service';
import { cancelCallback, listCallbacks, requestCallback, requestCallbackInputSchema } from './callbacks';

const byId = z.strictObject({ id: objectIdSchema });
const keyed = z.string().min(8).max(100);

/**
 * | procedure                         | roles                  |
 * | --------------------------------- | ---------------------- |
 * | get, byCustomer, byCase           | every signed-in role   |
 * | mine, screenPop                   | case workers           |
 * | send (answer/hold/end/wrapUp…)    | case workers (machine) |
 * | linkCase, linkCustomer, openCase  | case workers           |
 * | callbacks.list/request/cancel     | case workers           |
 */
export const conversationsRouter = router({
  get: authedProcedure.input(byId).query(({ ctx, input }) => getConversation(ctx.deps, input.id)),
  byCustomer: authedProcedure
    .input(z.strictObject({ customerId: objectIdSchema }))
    .query(({ ctx, input }) => conversationsOfCustomer(ctx.deps, input.customerId)),
  byCase: authedProcedure
    .input(z.strictObject({ caseId: objectIdSchema }))
    .query(({ ctx, input }) => conversationsOfCase(ctx.deps, input.caseId)),
  mine: roleProcedure(...caseWorkerRoles).query(({ ctx }) => myConversations(ctx.deps, ctx.user)),
  screenPop: roleProcedure(...caseWorkerRoles)
    .input(byId)
    .query(({ ctx, input }) => screenPop(ctx.deps, input.id)),
  send: roleProcedure(...caseWorkerRoles)
    .input(sendConversationInputSchema)
    .mutation(({ ctx, input }) => sendConversationCommand(ctx.deps, ctx.user, input)),
  linkCase: roleProcedure(...caseWorkerRoles)
    .input(linkCaseInputSchema)
    .mutation(({ ctx, input }) => linkCase(ctx.deps, ctx.user, input)),
  linkCustomer: roleProcedure(...caseWorkerRoles)
    .input(z.strictObject({ conversationId: objectIdSchema, customerId: objectIdSchema, idempotencyKey: keyed }))
    .mutation(({ ctx, input }) => linkCustomer(ctx.deps, ctx.user, input)),
  openCase: roleProcedure(...caseWorkerRoles)
    .input(openCaseInputSchema)
    .mutation(({ ctx, input }) => openCaseFromConversation(ctx.deps, ctx.user, input)),
  callbacks: router({
    list: roleProcedure(...caseWorkerRoles)
      .input(z.strictObject({ customerId: objectIdSchema.optional() }))
      .query(({ input }) => listCallbacks(input)),
    request: roleProcedure(...caseWorkerRoles)
      .input(requestCallbackInputSchema)
      .mutation(({ ctx, input }) => requestCallback(ctx.deps, { ...input, source: 'agent', actor: actorOf(ctx.user) })),
    cancel: roleProcedure(...caseWorkerRoles)
      .input(byId)
      .mutation(({ ctx, input }) => cancelCallback(ctx.deps, input.id, actorOf(ctx.user))),
  }),
});
