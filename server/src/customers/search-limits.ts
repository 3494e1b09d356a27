/**
 * Per-user limits on looking customers up, counted in MongoDB (shared by every server process):
 * searches by a phone or ID number are an oracle for the masked digits unless they are few, so
 * they have a tight budget; any search at all has a loose one; checking one customer's ID number
 * has its own small budget per user and customer.
 */
import type { SessionUser } from '../../../shared/auth';
import { DomainError } from '../../../shared/errors';
import { recordAudit } from '../audit/audit.service';
import { RateCounterModel } from '../db/models/rate-counter';

export type RateLimit = { name: string; max: number; windowMs: number };

export const searchLimits = {
  /** Any search (names while typing included). */
  anySearch: { name: 'customer-search', max: 300, windowMs: 10 * 60_000 },
  /** Searches by a phone number, ID number, last four digits, booking or ticket number. */
  identifierSearch: { name: 'customer-search-id', max: 30, windowMs: 10 * 60_000 },
  /** ID number checks against one customer. */
  identityCheck: { name: 'customer-identity-check', max: 5, windowMs: 60 * 60_000 },
} as const satisfies Record<string, RateLimit>;

export type Counted = { count: number; allowed: boolean; retryAfterMs: number; firstRefusal: boolean };

/** Counts one attempt (before it is made) and says whether it is within the limit. */
function counterOf(limit: RateLimit, subject: string, now: Date): { _id: string; windowStart: number } {
  const windowStart = Math.floor(now.getTime() / limit.windowMs) * limit.windowMs;
  return { _id: `${limit.name}:${subject}:${windowStart}`, windowStart };
}

export async function countAttempt(limit: RateLimit, subject: string, now: Date): Promise<Counted> {
  const { _id, windowStart } = counterOf(limit, subject, now);
  const update = { $inc: { count: 1 }, $setOnInsert: { expiresAt: new Date(windowStart + limit.windowMs) } };
  let doc;
  try {
    doc = await RateCounterModel.findOneAndUpdate({ _id }, update, { upsert: true, returnDocument: 'after' }).lean();
  } catch (error) {
    // Two first attempts at once: one upsert inserts, the other meets the duplicate key; counting again finds the document.
    if ((error as { code?: number }).code !== 11000) throw error;
    doc = await RateCounterModel.findOneAndUpdate({ _id }, update, { upsert: true, returnDocument: 'after' }).lean();
  }
  const count = doc?.count ?? 1;
  return {
    count,
    allowed: count <= limit.max,
    retryAfterMs: windowStart + limit.windowMs - now.getTime(),
    firstRefusal: count === limit.max + 1,
  };
}

/** Gives an attempt counted by `countAttempt` back (an ID check that matched tells a guesser nothing new). */
export async function giveBackAttempt(limit: RateLimit, subject: string, now: Date): Promise<void> {
  await RateCounterModel.updateOne(
    { _id: counterOf(limit, subject, now)._id, count: { $gt: 0 } },
    { $inc: { count: -1 } },
  );
}

export function rateLimitedError(counted: Counted, what: string): DomainError {
  const minutes = Math.max(1, Math.ceil(counted.retryAfterMs / 60_000));
  return new DomainError(
    'RATE_LIMITED',
    `Too many ${what}. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    { retryAfterMs: counted.retryAfterMs },
  );
}

/** Who looks someone up, from where and when (what the audit log records). */
export type LookupContext = { actor: SessionUser; ip: string; now: Date };

/**
 * Counts one lookup against a limit before it runs; over the limit it is refused, and the first
 * refusal is audited against `target` ("user:<id>", "customer:<id>", "booking:<id>").
 */
export async function countLookup(
  audit: LookupContext,
  limit: RateLimit,
  subject: string,
  what: string,
  target: string,
): Promise<void> {
  const counted = await countAttempt(limit, subject, audit.now);
  if (counted.allowed) return;
  if (counted.firstRefusal) {
    await recordAudit({
      actor: audit.actor,
      action: 'customer.lookup_limited',
      target,
      details: { limit: limit.name, max: limit.max, windowMs: limit.windowMs },
      at: audit.now,
      ip: audit.ip,
    });
  }
  throw rateLimitedError(counted, what);
}
