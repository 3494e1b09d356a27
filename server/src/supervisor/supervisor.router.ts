import { moveCasesInputSchema, setAgentQueuesInputSchema, setAgentStatusInputSchema } from '../../../shared/wallboard';
import { roleProcedure, router } from '../trpc/init';
import { moveCases } from './move-cases.service';
import { setAgentQueues } from './agent-queues';
import { setAgentStatus } from './agent-status';

/**
 * | procedure      | who               |
 * | -------------- | ----------------- |
 * | moveCases      | supervisor, admin |
 * | setAgentQueues | supervisor, admin |
 * | setAgentStatus | supervisor, admin |
 */
export const supervisorRouter = router({
  moveCases: roleProcedure('supervisor', 'admin')
    .input(moveCasesInputSchema)
    .mutation(({ ctx, input }) => moveCases(ctx.deps, ctx.user, input)),
  setAgentQueues: roleProcedure('supervisor', 'admin')
    .input(setAgentQueuesInputSchema)
    .mutation(({ ctx, input }) => setAgentQueues(ctx.deps, ctx.user, input)),
  setAgentStatus: roleProcedure('supervisor', 'admin')
    .input(setAgentStatusInputSchema)
    .mutation(({ ctx, input }) => setAgentStatus(ctx.deps, ctx.user, input)),
});
