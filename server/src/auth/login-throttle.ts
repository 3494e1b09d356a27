/**
 * Counts failed sign-ins per username and client address within a sliding window. Kept in this
 * process's memory: a restart forgets it and several processes count separately (each still caps
 * guessing at maxFailures per window); move it to Redis if that ever matters.
 */
export type LoginThrottle = {
  /** Milliseconds until the key may try again, or 0 when it may try now. */
  retryAfterMs(key: string, now: Date): number;
  recordFailure(key: string, now: Date): void;
  reset(key: string): void;
};

export function createLoginThrottle(options: { maxFailures: number; windowMs: number; maxKeys?: number }): LoginThrottle {
  const failures = new Map<string, number[]>();
  const maxKeys = options.maxKeys ?? 10_000;

  const recent = (key: string, now: Date): number[] => {
    const since = now.getTime() - options.windowMs;
    const kept = (failures.get(key) ?? []).filter((t) => t > since);
    if (kept.length === 0) failures.delete(key);
    else failures.set(key, kept);
    return kept;
  };

  return {
    retryAfterMs(key, now) {
      const kept = recent(key, now);
      if (kept.length < options.maxFailures) return 0;
      const oldestCounted = kept[kept.length - options.maxFailures] ?? now.getTime();
      return Math.max(1, oldestCounted + options.windowMs - now.getTime());
    },
    recordFailure(key, now) {
      const kept = recent(key, now);
      kept.push(now.getTime());
      failures.set(key, kept.slice(-options.maxFailures));
      // Bound memory under a spray of usernames: drop expired keys, then the oldest (Map keeps insertion order).
      if (failures.size > maxKeys) for (const other of [...failures.keys()]) recent(other, now);
      while (failures.size > maxKeys) {
        const oldest = failures.keys().next().value;
        if (oldest === undefined) break;
        failures.delete(oldest);
      }
    },
    reset(key) {
      failures.delete(key);
    },
  };
}
