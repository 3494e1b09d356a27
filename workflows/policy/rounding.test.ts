import { describe, expect, it } from 'vitest';
import { formatCentiFenAsYuan, formatYuan, percentFee, roundCentiFen } from './rounding';

/** centi-fen from a yuan amount written with up to four decimals. */
const yuan = (y: number) => Math.round(y * 10_000);

describe('half-yuan rounding (cn-rail)', () => {
  it.each([
    // remainder under ¥0.25 is dropped
    [27.0, 2700],
    [27.01, 2700],
    [27.2499, 2700],
    // ¥0.25 up to under ¥0.75 becomes ¥0.5
    [27.25, 2750],
    [27.65, 2750],
    [5.3, 550],
    [44.35, 4450],
    [27.7499, 2750],
    // ¥0.75 or more becomes a whole yuan
    [27.75, 2800],
    [27.99, 2800],
    [0.95, 100],
    [0.2, 0],
  ])('¥%s → %s fen', (y, fen) => {
    expect(roundCentiFen(yuan(y), 'half-yuan')).toBe(fen);
  });
});

describe('whole-yuan rounding, half up (cn-air)', () => {
  it.each([
    [61.49, 6100],
    [61.5, 6200],
    [61.728, 6200],
    [0.49, 0],
    [12, 1200],
  ])('¥%s → %s fen', (y, fen) => {
    expect(roundCentiFen(yuan(y), 'yuan-half-up')).toBe(fen);
  });
});

describe('fen rounding, half up (event)', () => {
  it.each([
    [1.2349, 123],
    [1.235, 124],
    [1.23, 123],
  ])('¥%s → %s fen', (y, fen) => {
    expect(roundCentiFen(yuan(y), 'fen-half-up')).toBe(fen);
  });
});

describe('percentFee', () => {
  it('keeps the raw fee exact and rounds it', () => {
    const fee = percentFee(55_300, 5, 'half-yuan', 200);
    expect(fee).toMatchObject({
      rawCentiFen: 276_500,
      roundedFen: 2750,
      feeFen: 2750,
      minimumApplied: false,
      capped: false,
    });
  });

  it('lifts a due fee to the minimum', () => {
    expect(percentFee(950, 10, 'half-yuan', 200)).toMatchObject({ roundedFen: 100, feeFen: 200, minimumApplied: true });
  });

  it('charges no minimum when no fee is due', () => {
    expect(percentFee(950, 0, 'half-yuan', 200)).toMatchObject({ feeFen: 0, minimumApplied: false });
    expect(percentFee(0, 20, 'half-yuan', 200)).toMatchObject({ feeFen: 0, minimumApplied: false });
  });

  it('never charges more than the base', () => {
    expect(percentFee(150, 20, 'half-yuan', 200)).toMatchObject({ feeFen: 150, minimumApplied: true, capped: true });
    expect(percentFee(100, 100, 'yuan-half-up')).toMatchObject({ feeFen: 100, capped: false });
  });
});

describe('formatting', () => {
  it('formats fen as yuan', () => {
    expect(formatYuan(55_300)).toBe('¥553.00');
    expect(formatYuan(5)).toBe('¥0.05');
    expect(formatYuan(-2750)).toBe('-¥27.50');
  });

  it('groups thousands the way the console does', () => {
    expect(formatYuan(140_600)).toBe('¥1,406.00');
    expect(formatYuan(-123_456_789)).toBe('-¥1,234,567.89');
    expect(formatCentiFenAsYuan(14_060_050)).toBe('¥1,406.005');
  });

  it('formats a raw fee with only the decimals it needs beyond two', () => {
    expect(formatCentiFenAsYuan(276_500)).toBe('¥27.65');
    expect(formatCentiFenAsYuan(4_750)).toBe('¥0.475');
    expect(formatCentiFenAsYuan(617_280)).toBe('¥61.728');
    expect(formatCentiFenAsYuan(10_000)).toBe('¥1.00');
    expect(formatCentiFenAsYuan(12_345)).toBe('¥1.2345');
  });
});
