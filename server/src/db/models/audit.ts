import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { roles } from '../../../../shared/roles';

export const auditActions = [
  'login.succeeded',
  'login.failed',
  'login.throttled',
  'logout',
  'customer.revealed',
  'customer.identity_checked',
  /** A search by a phone number, ID number, last four digits, booking or ticket number (never by name alone). */
  'customer.searched',
  /** The first refused attempt of a window: a search or ID check over its rate limit. */
  'customer.lookup_limited',
  'customer.created',
  'user.active_changed',
  'user.role_changed',
  'skills.changed',
  /** An admin entered (or, confirmed, replaced) a year's Spring Festival rush dates. */
  'fare_rules.rush_period_set',
] as const;
export type AuditAction = (typeof auditActions)[number];

/** Append-only record of sign-ins and of every look at unmasked personal data. */
const auditSchema = new Schema(
  {
    /** Null when nobody is signed in yet (a failed login for an unknown username). */
    actor: {
      type: new Schema(
        {
          id: { type: String, required: true },
          name: { type: String, required: true },
          role: { type: String, required: true, enum: roles },
        },
        { _id: false, strict: 'throw' },
      ),
      default: null,
    },
    action: { type: String, required: true, enum: auditActions },
    /** What was acted on: "customer:<id>", or the username tried at login. */
    target: { type: String, required: true, maxlength: 200 },
    reason: { type: String, default: null, maxlength: 500 },
    /** Small structured facts (which field was revealed, whether an identity matched). */
    details: { type: Schema.Types.Mixed, default: null },
    at: { type: Date, required: true },
    ip: { type: String, required: true, maxlength: 100 },
  },
  { strict: 'throw', strictQuery: 'throw' },
);
auditSchema.index({ target: 1, at: -1 });
auditSchema.index({ 'actor.id': 1, at: -1 });

export type AuditEntry = InferSchemaType<typeof auditSchema>;
export const AuditModel = mongoose.model('AuditEntry', auditSchema);
