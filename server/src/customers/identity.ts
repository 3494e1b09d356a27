import { createHash, timingSafeEqual } from 'node:crypto';
import { Types } from 'mongoose';
import { AuditModel } from '../db/models/audit';
import { CustomerModel } from '../db/models/customer';

/** How people type ID numbers: spaces, lower-case "x". */
export function normalizeIdNumber(idNumber: string): string {
  return idNumber.replace(/\s+/g, '').toUpperCase();
}

/** Constant-time comparison, so timing does not tell how many leading characters were right. */
export function idNumbersMatch(stored: string, typed: string): boolean {
  const a = createHash('sha256').update(normalizeIdNumber(stored)).digest();
  const b = createHash('sha256').update(normalizeIdNumber(typed)).digest();
  return timingSafeEqual(a, b);
}

/** Whether the ID number a caller reads out is the customer's. False for an unknown customer. */
export async function customerIdMatches(customerId: string, idNumber: string): Promise<boolean> {
  if (!Types.ObjectId.isValid(customerId)) return false;
  const customer = await CustomerModel.findById(customerId, { idNumber: 1 }).lean();
  return customer ? idNumbersMatch(customer.idNumber, idNumber) : false;
}

/** How long a match found on the customer page counts for a case the same agent opens from it. */
export const IDENTITY_CHECK_VALID_MINUTES = 10;

/**
 * When this user's latest audited identity check of this customer matched, within the last
 * IDENTITY_CHECK_VALID_MINUTES: the time of that check, else null. A later mismatch cancels it.
 */
export async function recentIdentityMatch(userId: string, customerId: string, now: Date): Promise<Date | null> {
  const since = new Date(now.getTime() - IDENTITY_CHECK_VALID_MINUTES * 60_000);
  const latest = await AuditModel.findOne(
    {
      action: 'customer.identity_checked',
      'actor.id': userId,
      target: `customer:${customerId}`,
      at: { $gte: since, $lte: now },
    },
    { at: 1, details: 1 },
  )
    .sort({ at: -1 })
    .lean();
  return latest && (latest.details as { match?: unknown } | null)?.match === true ? latest.at : null;
}
