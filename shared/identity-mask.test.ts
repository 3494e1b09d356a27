import { describe, expect, it } from 'vitest';
import { maskIdNumber } from './identity';

describe('maskIdNumber', () => {
  it('keeps a resident ID readable as area and last four, hiding the birth date', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });

  it('hides most of a short document number: the shown parts never add up to the whole', () => {
    for (const id of ['E12345678', 'G98765432', 'H1234567890', 'C12345']) {
      const masked = maskIdNumber(id);
      const shown = masked.replace(/\*/g, '').length;
      expect(masked, id).toHaveLength(id.length);
      expect(shown * 2, `${id} -> ${masked}`).toBeLessThanOrEqual(id.length);
    }
    expect(maskIdNumber('E12345678')).toBe('E1*****78');
  });
});
