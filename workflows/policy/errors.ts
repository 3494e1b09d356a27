import { DomainError } from '../../shared/errors';

/** Why a policy input was refused; lets callers branch without reading messages. */
export type PolicyErrorReason =
  | 'INVALID_AMOUNT'
  | 'INVALID_TIME'
  | 'DEPARTURE_BEFORE_PURCHASE'
  | 'REQUEST_BEFORE_PURCHASE'
  | 'NEW_DEPARTURE_BEFORE_REQUEST'
  | 'MISSING_FARE_CLASS'
  | 'UNKNOWN_FARE_CLASS'
  | 'UNKNOWN_RULE_SET'
  | 'UNKNOWN_ORGANIZER'
  | 'UNKNOWN_VERSION'
  | 'NO_VERSION_IN_FORCE'
  | 'INVALID_DATE'
  | 'INVALID_DAYS';

export type PolicyErrorDetails = {
  reason: PolicyErrorReason;
  field: string;
  value: unknown;
  /** The same message in Chinese, for the console's zh-CN UI. */
  'zh-CN': string;
};

/**
 * Invalid input to the policy engine. The message (en) is written for an agent; details carry the
 * zh-CN text, the offending field and a machine-readable reason. Maps to BAD_REQUEST.
 */
export class PolicyError extends DomainError {
  readonly reason: PolicyErrorReason;
  readonly field: string;
  constructor(reason: PolicyErrorReason, field: string, value: unknown, message: { en: string; 'zh-CN': string }) {
    const details: PolicyErrorDetails = { reason, field, value, 'zh-CN': message['zh-CN'] };
    super('INVALID_INPUT', message.en, details);
    this.name = 'PolicyError';
    this.reason = reason;
    this.field = field;
  }
}
