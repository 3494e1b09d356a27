/**
 * A customer's compensation limit counts what their other complaints were given, read before the
 * acceptance is written: two acceptances for one customer at the same moment would each miss the
 * other. They take turns: one guarded upsert per customer (single-document atomicity, every
 * process), the second told to try again, and then it counts the first.
 */
import { randomUUID } from 'node:crypto';
import { DomainError } from '../../../shared/errors';
import { CompensationLockModel } from '../db/models/compensation-lock';

/** Long enough for one acceptance; a process that died holding the lock frees it after this. */
const LOCK_MS = 10_000;

export async function withCompensationLock<T>(customerId: string, now: Date, work: () => Promise<T>): Promise<T> {
  const holder = randomUUID();
  try {
    // Free (no document) or expired: taken. Held: the filter misses, the upsert meets the key and fails.
    await CompensationLockModel.updateOne(
      { _id: customerId, until: { $lt: now } },
      { $set: { holder, until: new Date(now.getTime() + LOCK_MS) } },
      { upsert: true },
    );
  } catch (error) {
    if ((error as { code?: unknown }).code !== 11000) throw error;
    throw new DomainError(
      'CONFLICT',
      'Another compensation for this customer is being recorded right now; reload the case and try again.',
      { customerId },
    );
  }
  try {
    return await work();
  } finally {
    await CompensationLockModel.deleteOne({ _id: customerId, holder });
  }
}
