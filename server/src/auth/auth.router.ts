import { loginInputSchema } from '../../../shared/auth';
import { publicProcedure, router } from '../trpc/init';
import { login, logout } from './auth.service';

/**
 * | procedure | who                                   |
 * | --------- | ------------------------------------- |
 * | login     | anyone (throttled per username + IP)  |
 * | logout    | anyone (no session: nothing to end)   |
 * | me        | anyone (null when signed out)         |
 */
export const authRouter = router({
  login: publicProcedure.input(loginInputSchema.strict()).mutation(async ({ ctx, input }) => {
    const result = await login(ctx.deps, input, { ip: ctx.ip, previousSessionId: ctx.sessionId });
    ctx.cookies.set(result.token, result.expiresAt);
    return result.user;
  }),
  logout: publicProcedure.mutation(async ({ ctx }) => {
    const result = await logout(ctx.deps, { sessionId: ctx.sessionId, user: ctx.user, ip: ctx.ip });
    ctx.cookies.clear();
    return result;
  }),
  me: publicProcedure.query(({ ctx }) => ctx.user),
});
