import {
  macroByIdInputSchema,
  macroInputSchema,
  macroManagerRoles,
  macroUpdateInputSchema,
} from '../../../shared/macros';
import { authedProcedure, roleProcedure, router } from '../trpc/init';
import { createMacro, listMacros, removeMacro, updateMacro } from './macros.service';

/**
 * | procedure | who                    |
 * | --------- | ---------------------- |
 * | list      | every signed-in role   |
 * | create    | supervisor, admin      |
 * | update    | supervisor, admin      |
 * | remove    | supervisor, admin      |
 */
export const macrosRouter = router({
  list: authedProcedure.query(() => listMacros()),
  create: roleProcedure(...macroManagerRoles)
    .input(macroInputSchema)
    .mutation(({ ctx, input }) => createMacro(ctx.user, input)),
  update: roleProcedure(...macroManagerRoles)
    .input(macroUpdateInputSchema)
    .mutation(({ ctx, input }) => updateMacro(ctx.user, input.id, input.macro)),
  remove: roleProcedure(...macroManagerRoles)
    .input(macroByIdInputSchema)
    .mutation(({ input }) => removeMacro(input.id)),
});
