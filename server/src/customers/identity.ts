import { createHash, timingSafeEqual } from 'node:crypto';
import { Types } from 'mongoose';
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
