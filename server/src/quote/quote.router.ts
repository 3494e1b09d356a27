import { z } from 'zod';
import { ruleSetIds } from '../../../shared/departures';
import { authedProcedure, router } from '../trpc/init';
import {
  bookingChangeQuoteInputSchema,
  bookingRefundQuoteInputSchema,
  computeQuote,
  computeQuoteInputSchema,
  listRuleSetVersions,
  quoteBookingChange,
  quoteBookingRefund,
} from './quote.service';

/** Quotes are read-only: every role may ask (QA checks what a customer was told). */
export const quoteRouter = router({
  refund: authedProcedure
    .input(bookingRefundQuoteInputSchema)
    .query(({ ctx, input }) => quoteBookingRefund(ctx.deps, input)),
  change: authedProcedure
    .input(bookingChangeQuoteInputSchema)
    .query(({ ctx, input }) => quoteBookingChange(ctx.deps, input)),
  compute: authedProcedure.input(computeQuoteInputSchema).query(({ input }) => computeQuote(input)),
  versions: authedProcedure
    .input(
      z
        .object({ ruleSet: z.enum(ruleSetIds).optional() })
        .strict()
        .prefault({}),
    )
    .query(({ input }) => listRuleSetVersions(input.ruleSet)),
});
