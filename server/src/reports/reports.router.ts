import { reportSummaryInputSchema, reportReaderRoles } from '../../../shared/reports';
import { roleProcedure, router } from '../trpc/init';
import { reportSummary } from './reports.service';

/**
 * | procedure | who                     |
 * | --------- | ----------------------- |
 * | summary   | supervisor, admin, qa   |
 */
export const reportsRouter = router({
  summary: roleProcedure(...reportReaderRoles)
    .input(reportSummaryInputSchema)
    .query(({ ctx, input }) => reportSummary(input, ctx.deps.now().getTime())),
});
