import { authedProcedure, router } from '../trpc/init';
import { listUsers, userListInputSchema } from './users.service';

/**
 * | procedure | who                                                         |
 * | --------- | ----------------------------------------------------------- |
 * | list      | every signed-in role (assign/transfer pickers, QA filters)  |
 */
export const usersRouter = router({
  list: authedProcedure.input(userListInputSchema).query(({ input }) => listUsers(input)),
});
