import { describe, expect, it } from 'vitest';
import { hashPassword, verifyAgainstDecoy, verifyPassword } from './passwords';

describe('passwords', () => {
  it('hashes with argon2id and a fresh salt each time', async () => {
    const [a, b] = await Promise.all([hashPassword('demo1234'), hashPassword('demo1234')]);
    expect(a).toMatch(/^\$argon2id\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, 'demo1234')).toBe(true);
    expect(await verifyPassword(a, 'demo12345')).toBe(false);
  });

  it('treats a malformed stored hash as a wrong password', async () => {
    expect(await verifyPassword('not-a-hash', 'demo1234')).toBe(false);
  });

  it('always fails the decoy check', async () => {
    expect(await verifyAgainstDecoy('decoy password never used by anyone')).toBe(false);
  });
});
