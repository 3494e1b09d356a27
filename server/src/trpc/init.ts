/**
 * The one tRPC init file: procedure builders, router factory and caller factory.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError, z } from 'zod';
import type { Role } from '../../../shared/roles';
import type { Context } from './context';
import { DomainError } from '../../../shared/errors';
import { toTRPCError } from './errors';
import { databaseUnreachableError, isDatabaseUnreachable } from '../db/connection';

/**
 * The message a client sees: one readable line for invalid input (the structured issues are in
 * data.issues), and nothing of an unexpected failure's internals (those stay in the server log).
 */
export function formatErrorMessage(error: TRPCError, fallback: string = error.message): string {
  const cause = error.cause;
  if (error.code === 'INTERNAL_SERVER_ERROR' && !(cause instanceof DomainError)) {
    return 'Something went wrong on the server. It has been logged; please try again.';
  }
  if (cause instanceof ZodError) {
    return `Invalid input: ${cause.issues.map((i) => (i.path.length > 0 ? `${i.path.map(String).join('.')}: ${i.message}` : i.message)).join('; ')}`;
  }
  return fallback;
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      message: formatErrorMessage(error, shape.message),
      data: {
        ...shape.data,
        // Zod issues go back to the client so forms can show them next to the field.
        zodIssues: cause instanceof ZodError ? z.treeifyError(cause) : null,
        issues:
          cause instanceof ZodError
            ? cause.issues.map((i) => ({ path: i.path.map(String), message: i.message }))
            : null,
        domain: cause instanceof DomainError ? { code: cause.code, details: cause.details ?? null } : null,
        // Never leak stack traces.
        stack: undefined,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const mergeRouters = t.mergeRouters;
export const middleware = t.middleware;

/**
 * Turns thrown DomainErrors into tRPC errors, so services never import tRPC; a database that did
 * not answer in time is a 503 the client can retry, not a 500.
 */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    throw toTRPCError(result.error.cause);
  }
  if (!result.ok && isDatabaseUnreachable(result.error)) {
    throw toTRPCError(databaseUnreachableError());
  }
  return result;
});

export const publicProcedure = t.procedure.use(domainErrors);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Please sign in.' });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

export function roleProcedure(...allowed: Role[]) {
  return authedProcedure.use(({ ctx, next }) => {
    if (!allowed.includes(ctx.user.role)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: `This needs one of the roles: ${allowed.join(', ')}.` });
    }
    return next({ ctx });
  });
}
