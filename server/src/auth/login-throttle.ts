/**
 * Counts sign-in attempts per key in MongoDB, BEFORE the password is checked: each attempt first
 * reserves a place with one atomic $inc, so 40 guesses sent at once still get at most `max`
 * password checks, and every server process shares the count. A key that goes over its limit is
 * locked for the window, doubled at each further lockout (growing delay), up to maxLockMs.
 */
import { LoginAttemptModel } from '../db/models/login-attempt';

export type ThrottleRule = { key: string; max: number };
export type ThrottleOptions = { windowMs: number; maxLockMs: number };

const DAY_MS = 24 * 3_600_000;

/**
 * Reserves one attempt on each key in turn; the answer is 0 when all may try now, else the ms to
 * wait. Stops at the first key that refuses, so an attacker locked out at one address does not
 * also use up the username's allowance everywhere else.
 */
export async function reserveLoginAttempt(rules: ThrottleRule[], now: Date, options: ThrottleOptions): Promise<number> {
  for (const rule of rules) {
    const retryAfterMs = await reserve(rule, now, options);
    if (retryAfterMs > 0) return retryAfterMs;
  }
  return 0;
}

async function reserve(rule: ThrottleRule, now: Date, options: ThrottleOptions): Promise<number> {
  const windowEndsAt = new Date(now.getTime() + options.windowMs);
  // A window (or lockout) that has ended starts afresh; guarded on its end, so only one request resets it.
  await LoginAttemptModel.updateOne(
    { _id: rule.key, windowEndsAt: { $lte: now } },
    { $set: { count: 0, windowEndsAt } },
  );
  const doc = await incrementWithUpsert(rule.key, now, windowEndsAt);
  if (doc.count <= rule.max) return 0;
  if (doc.count === rule.max + 1) {
    // The first attempt over the limit locks the key; exactly one request sees this count.
    const lockMs = Math.min(options.windowMs * 2 ** doc.strikes, options.maxLockMs);
    const lockedUntil = new Date(now.getTime() + lockMs);
    await LoginAttemptModel.updateOne(
      { _id: rule.key, windowEndsAt: doc.windowEndsAt, strikes: doc.strikes },
      {
        $set: { windowEndsAt: lockedUntil, expiresAt: new Date(lockedUntil.getTime() + DAY_MS) },
        $inc: { strikes: 1 },
      },
    );
    return lockMs;
  }
  const current = await LoginAttemptModel.findById(rule.key, { windowEndsAt: 1 }).lean();
  return Math.max(1, (current?.windowEndsAt ?? doc.windowEndsAt).getTime() - now.getTime());
}

async function incrementWithUpsert(key: string, now: Date, windowEndsAt: Date) {
  const update = {
    $inc: { count: 1 },
    $setOnInsert: { windowEndsAt, strikes: 0, expiresAt: new Date(windowEndsAt.getTime() + DAY_MS) },
  };
  for (let attempt = 0; ; attempt++) {
    try {
      const doc = await LoginAttemptModel.findOneAndUpdate({ _id: key }, update, {
        upsert: true,
        returnDocument: 'after',
      }).lean();
      if (doc) return doc;
      throw new Error(`login attempt counter ${key} was not written`);
    } catch (error) {
      // Two first attempts at once: one insert wins, the other retries as an update.
      if (attempt > 2 || (error as { code?: unknown }).code !== 11000) throw error;
    }
  }
}

/** A successful sign-in: the reservation is given back on the shared keys and the personal key is forgotten. */
export async function settleLoginSuccess(options: { forget: string[]; giveBack: string[] }): Promise<void> {
  await Promise.all([
    LoginAttemptModel.deleteMany({ _id: { $in: options.forget } }),
    LoginAttemptModel.updateMany({ _id: { $in: options.giveBack }, count: { $gt: 0 } }, { $inc: { count: -1 } }),
  ]);
}
