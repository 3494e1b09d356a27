import { roleProcedure, router } from '../trpc/init';
import { computeBoard } from './board.service';

/**
 * The wallboard's procedures, merged into `presence` (root.ts).
 * | procedure | who               |
 * | --------- | ----------------- |
 * | board     | supervisor, admin |
 */
export const boardRouter = router({
  board: roleProcedure('supervisor', 'admin').query(({ ctx }) =>
    ctx.deps.wallboard ? ctx.deps.wallboard.board() : computeBoard(ctx.deps),
  ),
});
