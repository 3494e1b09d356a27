import { TRPCClientError } from '@trpc/client';
import type { TFunction } from 'i18next';
import type { DomainErrorData } from '../../../shared/errors';
import { isJsonObject } from './json-object';

/** tRPC error codes the console tells apart; anything else reads as a generic server error. */
export const knownErrorCodes = [
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'UNPROCESSABLE_CONTENT',
  'TOO_MANY_REQUESTS',
  'SERVICE_UNAVAILABLE',
  'INTERNAL_SERVER_ERROR',
  'TIMEOUT',
  'NETWORK',
] as const;
export type ApiErrorCode = (typeof knownErrorCodes)[number] | 'UNKNOWN';

export type FieldIssue = { path: string[]; message: string };

export type LocalizedReason = { 'zh-CN': string; en: string };

export type ApiError = {
  code: ApiErrorCode;
  /** What the server said, in its words (shown under the translated summary). */
  serverMessage: string;
  issues: FieldIssue[];
  domain: DomainErrorData | null;
  /** Why a machine refused an event, in both languages (EVENT_NOT_ALLOWED details). */
  reason: LocalizedReason | null;
};

function readIssues(value: unknown): FieldIssue[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((issue): FieldIssue[] => {
    if (!isJsonObject(issue) || typeof issue.message !== 'string') return [];
    // Transport issues carry a path array; event payload issues (in domain details) a dotted string.
    const path = Array.isArray(issue.path)
      ? issue.path.map(String)
      : typeof issue.path === 'string' && issue.path
        ? issue.path.split('.')
        : [];
    return [{ path, message: issue.message }];
  });
}

function readReason(value: unknown): LocalizedReason | null {
  return isJsonObject(value) && typeof value['zh-CN'] === 'string' && typeof value.en === 'string'
    ? { 'zh-CN': value['zh-CN'], en: value.en }
    : null;
}

/** Reads any error a tRPC call can throw into one shape the UI can show. */
export function readApiError(error: unknown): ApiError {
  if (error instanceof TRPCClientError) {
    const data: unknown = error.data;
    if (isJsonObject(data) && typeof data.code === 'string') {
      const code = (knownErrorCodes as readonly string[]).includes(data.code) ? (data.code as ApiErrorCode) : 'UNKNOWN';
      const domain =
        isJsonObject(data.domain) && typeof data.domain.code === 'string' ? (data.domain as DomainErrorData) : null;
      const details = domain?.details;
      const issues = readIssues(data.issues);
      return {
        code,
        serverMessage: error.message,
        issues: issues.length > 0 ? issues : readIssues(details?.issues),
        domain,
        reason: readReason(details?.reason),
      };
    }
    // No error shape at all: the request never reached the server (offline, proxy down).
    return { code: 'NETWORK', serverMessage: error.message, issues: [], domain: null, reason: null };
  }
  return {
    code: 'UNKNOWN',
    serverMessage: error instanceof Error ? error.message : String(error),
    issues: [],
    domain: null,
    reason: null,
  };
}

/** A sentence in the current language for an error, for banners and form footers. */
export function describeApiError(t: TFunction, error: unknown): string {
  const apiError = readApiError(error);
  // The server says which part is unavailable when it is the database (server/src/db/connection.ts).
  if (apiError.domain?.code === 'UNAVAILABLE' && apiError.domain.details?.reason === 'database')
    return t('errors.DATABASE_UNAVAILABLE');
  return t(`errors.${apiError.code}`);
}

/**
 * Whether the outcome of a failed mutation is unknown (the request may have been applied):
 * only then may a retry reuse the same idempotency key safely and usefully.
 */
export function isAmbiguousFailure(error: unknown): boolean {
  const { code } = readApiError(error);
  return (
    code === 'NETWORK' ||
    code === 'TIMEOUT' ||
    code === 'INTERNAL_SERVER_ERROR' ||
    code === 'SERVICE_UNAVAILABLE' ||
    code === 'UNKNOWN'
  );
}
