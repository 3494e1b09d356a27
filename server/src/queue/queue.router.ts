import { authedProcedure, router } from '../trpc/init';
import { queueSnapshot, queueSnapshotInputSchema } from './queue.service';

export const queueRouter = router({
  snapshot: authedProcedure
    .input(queueSnapshotInputSchema)
    .query(({ ctx, input }) => queueSnapshot(ctx.deps, ctx.user, input)),
});
