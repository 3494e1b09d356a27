import { roleProcedure, router } from '../trpc/init';
import { nextCase, nextCaseInputSchema } from './next-case';

/**
 * | procedure | who                                                   |
 * | --------- | ----------------------------------------------------- |
 * | next      | agent, complaint_handler, supervisor (they work cases) |
 */
export const routingRouter = router({
  next: roleProcedure('agent', 'complaint_handler', 'supervisor')
    .input(nextCaseInputSchema)
    .mutation(({ ctx, input }) => nextCase(ctx.deps, ctx.user, input)),
});
