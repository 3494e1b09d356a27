import { TRPCError } from '@trpc/server';
import type { DomainError } from '../../../shared/errors';

/** The one place domain error codes become transport errors. */
export function toTRPCError(error: DomainError): TRPCError {
  switch (error.code) {
    case 'NOT_FOUND':
      return new TRPCError({ code: 'NOT_FOUND', message: error.message, cause: error });
    case 'CONFLICT':
      return new TRPCError({ code: 'CONFLICT', message: error.message, cause: error });
    case 'EVENT_NOT_ALLOWED':
    case 'INVALID_INPUT':
      return new TRPCError({ code: 'BAD_REQUEST', message: error.message, cause: error });
    case 'POLICY_REFUSED':
      return new TRPCError({ code: 'UNPROCESSABLE_CONTENT', message: error.message, cause: error });
    case 'FORBIDDEN':
      return new TRPCError({ code: 'FORBIDDEN', message: error.message, cause: error });
    case 'UNAUTHENTICATED':
      return new TRPCError({ code: 'UNAUTHORIZED', message: error.message, cause: error });
    case 'RATE_LIMITED':
      return new TRPCError({ code: 'TOO_MANY_REQUESTS', message: error.message, cause: error });
    case 'UNAVAILABLE':
      return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: error.message, cause: error });
    case 'CORRUPT_RECORD':
      return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: error.message, cause: error });
    default: {
      const unreachable: never = error.code;
      throw new Error(`unmapped domain error code ${String(unreachable)}`);
    }
  }
}
