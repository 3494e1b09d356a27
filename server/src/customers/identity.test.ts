import { describe, expect, it } from 'vitest';
import { idNumbersMatch, normalizeIdNumber } from './identity';

describe('idNumbersMatch', () => {
  it('matches what the caller reads out however it is typed', () => {
    expect(normalizeIdNumber(' 110105 1949 1231 002x')).toBe('11010519491231002X');
    expect(idNumbersMatch('11010519491231002X', '11010519491231002x')).toBe(true);
    expect(idNumbersMatch('11010519491231002X', '110105 19491231 002X')).toBe(true);
  });

  it('does not match a different or partial number', () => {
    expect(idNumbersMatch('11010519491231002X', '110105194912310021')).toBe(false);
    expect(idNumbersMatch('11010519491231002X', '11010519491231002')).toBe(false);
    expect(idNumbersMatch('11010519491231002X', '')).toBe(false);
  });
});
