import { roleProcedure, router } from '../trpc/init';
import { listFareRules, setRushPeriod, setRushPeriodInputSchema } from './fare-rules.service';

/**
 * | procedure     | who                                                              |
 * | ------------- | ---------------------------------------------------------------- |
 * | list          | admin, supervisor, qa (read-only rule tables and rush years)     |
 * | setRushPeriod | admin (audited; a year with dates is replaced only when confirmed) |
 */
export const fareRulesRouter = router({
  list: roleProcedure('admin', 'supervisor', 'qa').query(() => listFareRules()),
  setRushPeriod: roleProcedure('admin')
    .input(setRushPeriodInputSchema)
    .mutation(({ ctx, input }) => setRushPeriod(ctx.deps, { actor: ctx.user, ip: ctx.ip }, input)),
});
