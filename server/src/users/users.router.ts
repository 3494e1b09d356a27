import { authedProcedure, roleProcedure, router } from '../trpc/init';
import {
  listUsers,
  setUserActive,
  setUserActiveInputSchema,
  setUserRole,
  setUserRoleInputSchema,
  userListInputSchema,
} from './users.service';

/**
 * | procedure | who                                                               |
 * | --------- | ----------------------------------------------------------------- |
 * | list      | every signed-in role (assign/transfer pickers, QA filters)        |
 * | setActive | admin (audited; deactivating ends the user's sessions and sockets) |
 * | setRole   | admin (audited; ends the user's sessions and sockets)             |
 */
export const usersRouter = router({
  list: authedProcedure.input(userListInputSchema).query(({ input }) => listUsers(input)),
  setActive: roleProcedure('admin')
    .input(setUserActiveInputSchema)
    .mutation(({ ctx, input }) => setUserActive(ctx.deps, { actor: ctx.user, ip: ctx.ip }, input)),
  setRole: roleProcedure('admin')
    .input(setUserRoleInputSchema)
    .mutation(({ ctx, input }) => setUserRole(ctx.deps, { actor: ctx.user, ip: ctx.ip }, input)),
});
