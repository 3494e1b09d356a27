import { describe, expect, it } from 'vitest';
import { createLoginThrottle } from './login-throttle';

const at = (minutes: number) => new Date(Date.UTC(2026, 4, 10, 0, minutes));

describe('createLoginThrottle', () => {
  it('blocks the fifth failure within the window until the oldest one ages out', () => {
    const throttle = createLoginThrottle({ maxFailures: 5, windowMs: 15 * 60_000 });
    for (let m = 0; m < 4; m++) {
      throttle.recordFailure('k', at(m));
      expect(throttle.retryAfterMs('k', at(m))).toBe(0);
    }
    throttle.recordFailure('k', at(4));
    expect(throttle.retryAfterMs('k', at(4))).toBe(11 * 60_000);
    expect(throttle.retryAfterMs('k', at(14))).toBe(60_000);
    expect(throttle.retryAfterMs('k', at(15))).toBe(0);
  });

  it('counts keys separately and forgets a key on success', () => {
    const throttle = createLoginThrottle({ maxFailures: 2, windowMs: 60_000 });
    throttle.recordFailure('a', at(0));
    throttle.recordFailure('a', at(0));
    expect(throttle.retryAfterMs('a', at(0))).toBeGreaterThan(0);
    expect(throttle.retryAfterMs('b', at(0))).toBe(0);
    throttle.reset('a');
    expect(throttle.retryAfterMs('a', at(0))).toBe(0);
  });

  it('stays bounded under a spray of keys', () => {
    const throttle = createLoginThrottle({ maxFailures: 2, windowMs: 60_000, maxKeys: 100 });
    for (let i = 0; i < 1000; i++) throttle.recordFailure(`user${i}`, at(0));
    throttle.recordFailure('victim', at(0));
    throttle.recordFailure('victim', at(0));
    expect(throttle.retryAfterMs('victim', at(0))).toBeGreaterThan(0);
    expect(throttle.retryAfterMs('user0', at(0))).toBe(0);
  });
});
