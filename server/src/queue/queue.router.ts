import { authedProcedure, router } from '../trpc/init';
import { queueSnapshot, queueSnapshotInputSchema, queueWindow, queueWindowInputSchema } from './queue.service';

export const queueRouter = router({
  /** Every open case of some queues at once (the supervisor board); the queue page pages with `window`. */
  snapshot: authedProcedure
    .input(queueSnapshotInputSchema)
    .query(({ ctx, input }) => queueSnapshot(ctx.deps, ctx.user, input)),
  window: authedProcedure
    .input(queueWindowInputSchema)
    .query(({ ctx, input }) => queueWindow(ctx.deps, ctx.user, input)),
});
