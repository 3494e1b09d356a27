import { describe, expect, it } from 'vitest';
import { createRandom, mulberry32, seedFromText } from './random';

describe('mulberry32', () => {
  it('gives the same sequence for the same seed, and another for another seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(first);
  });

  it('stays in [0, 1) and spreads over it', () => {
    const next = mulberry32(7);
    const values = Array.from({ length: 10_000 }, () => next());
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    const buckets = new Array<number>(10).fill(0);
    for (const v of values) buckets[Math.floor(v * 10)] = (buckets[Math.floor(v * 10)] ?? 0) + 1;
    for (const count of buckets) expect(count).toBeGreaterThan(850);
  });

  it('is pinned: editing the generator would silently change every seeded world', () => {
    const next = mulberry32(0);
    expect(Math.floor(next() * 2 ** 32)).toBe(1_144_304_738);
    expect(seedFromText('ticket-desk')).toBe(seedFromText('ticket-desk'));
    expect(seedFromText('ticket-desk')).not.toBe(seedFromText('ticket-desK'));
  });
});

describe('createRandom', () => {
  it('int covers both ends of the range and nothing outside it', () => {
    const random = createRandom('ints');
    const seen = new Set(Array.from({ length: 2_000 }, () => random.int(3, 7)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('weighted follows the weights, shuffle keeps every item, digits and hex have the asked length', () => {
    const random = createRandom(seedFromText('mix'));
    const picks = Array.from({ length: 4_000 }, () =>
      random.weighted([
        ['a', 9],
        ['b', 1],
      ] as const),
    );
    const share = picks.filter((p) => p === 'a').length / picks.length;
    expect(share).toBeGreaterThan(0.85);
    expect(share).toBeLessThan(0.95);
    expect(random.shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(random.digits(9)).toMatch(/^\d{9}$/);
    expect(random.hex(16)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('refuses an empty pick and a backwards range', () => {
    const random = createRandom(1);
    expect(() => random.pick([])).toThrow(/empty/);
    expect(() => random.int(5, 4)).toThrow(/range/);
  });
});
