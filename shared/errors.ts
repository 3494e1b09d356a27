/**
 * Domain errors carry a code; server/src/trpc/errors.ts maps each code to a transport error in one
 * exhaustive switch. Messages are for people: an agent should understand them.
 */
export type DomainErrorCode =
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'EVENT_NOT_ALLOWED'
  | 'INVALID_INPUT'
  | 'POLICY_REFUSED'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  /** A stored document cannot be read (damaged or from unknown code): nothing is changed. */
  | 'CORRUPT_RECORD';

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: DomainErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

/** Shape of the `data.domain` field the server adds to error responses. */
export type DomainErrorData = { code: DomainErrorCode; details?: Record<string, unknown> };
