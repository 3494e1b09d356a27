import { setPresenceInputSchema } from '../../../shared/presence';
import { caseWorkerRoles } from '../../../shared/roles';
import { roleProcedure, router } from '../trpc/init';
import { getPresence, setPresence } from './presence.service';

/**
 * | procedure | who                                                      |
 * | --------- | -------------------------------------------------------- |
 * | mine      | roles that take work: agent, complaint_handler, supervisor, admin |
 * | set       | the same; the status is their own                        |
 */
export const presenceRouter = router({
  mine: roleProcedure(...caseWorkerRoles).query(({ ctx }) => getPresence(ctx.deps, ctx.user)),
  set: roleProcedure(...caseWorkerRoles)
    .input(setPresenceInputSchema)
    .mutation(({ ctx, input }) => setPresence(ctx.deps, ctx.user, input)),
});
