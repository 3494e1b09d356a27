import { describe, expect, it } from 'vitest';
import { applyJsonChanges, jsonChanges } from './json-changes';

describe('json changes (what a replay step records)', () => {
  const before = { state: 'quoted', version: 3, data: { quote: { fee: 2750, rules: ['a'] }, approval: null, gone: 1 } };
  const after = {
    state: 'submitting',
    version: 4,
    data: { quote: { fee: 2750, rules: ['a', 'b'] }, approval: { by: 'x' } },
    added: true,
  };

  it('names each changed path, deep into objects, arrays as whole values', () => {
    expect(jsonChanges(before, after)).toEqual([
      { path: ['state'], to: 'submitting' },
      { path: ['version'], to: 4 },
      { path: ['data', 'quote', 'rules'], to: ['a', 'b'] },
      { path: ['data', 'approval'], to: { by: 'x' } },
      { path: ['data', 'gone'], removed: true },
      { path: ['added'], to: true },
    ]);
    expect(jsonChanges(before, structuredClone(before))).toEqual([]);
  });

  it('applying the changes to the value before gives the value after, and leaves the one before alone', () => {
    const copy = structuredClone(before);
    expect(applyJsonChanges(before, jsonChanges(before, after))).toEqual(after);
    expect(before).toEqual(copy);
    expect(applyJsonChanges({ a: 1 }, jsonChanges({ a: 1 }, { a: { b: [1] } }))).toEqual({ a: { b: [1] } });
    expect(applyJsonChanges({ a: { b: 1 } }, jsonChanges({ a: { b: 1 } }, { a: null }))).toEqual({ a: null });
  });
});
