import { departureSearchInputSchema } from '../../../shared/departures';
import { authedProcedure, router } from '../trpc/init';
import { departureByIdInputSchema } from './departures.dto';
import { getDeparture, searchDepartures } from './departures.service';

/**
 * | procedure | who                  |
 * | --------- | -------------------- |
 * | search    | every signed-in role |
 * | get       | every signed-in role |
 */
export const departuresRouter = router({
  search: authedProcedure
    .input(departureSearchInputSchema.strict().prefault({}))
    .query(({ ctx, input }) => searchDepartures(input, ctx.deps.now())),
  get: authedProcedure.input(departureByIdInputSchema).query(({ input }) => getDeparture(input.id)),
});
