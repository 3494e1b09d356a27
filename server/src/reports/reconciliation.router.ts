import {
  adjustmentInputSchema,
  closeDayInputSchema,
  dayCloserRoles,
  reconciliationDayInputSchema,
  reportReaderRoles,
} from '../../../shared/reports';
import { roleProcedure, router } from '../trpc/init';
import { addAdjustment, closeDay, prepareDay, reconciliationDay } from './reconciliation.service';

/**
 * | procedure | who                                              |
 * | --------- | ------------------------------------------------ |
 * | day       | supervisor, admin, qa                            |
 * | prepare   | supervisor, admin (any day by hand; not closed)  |
 * | close     | supervisor, admin (a past day, with a note)      |
 * | adjust    | supervisor, admin (lands on today)               |
 */
export const reconciliationRouter = router({
  day: roleProcedure(...reportReaderRoles)
    .input(reconciliationDayInputSchema)
    .query(({ input }) => reconciliationDay(input.date)),
  prepare: roleProcedure(...dayCloserRoles)
    .input(reconciliationDayInputSchema)
    .mutation(({ ctx, input }) => prepareDay(input.date, ctx.deps.now(), ctx.user.id)),
  close: roleProcedure(...dayCloserRoles)
    .input(closeDayInputSchema)
    .mutation(({ ctx, input }) => closeDay(input, ctx.user, ctx.deps.now())),
  adjust: roleProcedure(...dayCloserRoles)
    .input(adjustmentInputSchema)
    .mutation(({ ctx, input }) => addAdjustment(input, ctx.user, ctx.deps.now())),
});
