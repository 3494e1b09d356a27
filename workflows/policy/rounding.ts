/**
 * Fee arithmetic. A percentage of a fen amount can have a fractional fen (5% of ¥9.55 = 47.75 fen),
 * so raw fees are kept exact as integer hundredths of a fen ("centi-fen") until rounded.
 */

/** How a rule set rounds its fees. */
export type Rounding =
  /** cn-rail: to a multiple of ¥0.5 — remainder under ¥0.25 dropped, ¥0.25 to under ¥0.75 → ¥0.5, ¥0.75 or more → ¥1. */
  | 'half-yuan'
  /** cn-air: to the whole yuan, half up (airlines publish fees "保留至元，元以下四舍五入"). */
  | 'yuan-half-up'
  /** cn-rail-xb: to the whole yuan, the fraction dropped (广深港 cross-border trains). */
  | 'yuan-down'
  /** event: to the fen, half up. */
  | 'fen-half-up';

const CENTI_FEN_PER_FEN = 100;
const CENTI_FEN_PER_YUAN = 100 * 100;

/** fareFen × pct% in centi-fen; exact because fares are integer fen and percentages are integers. */
export function rawPercentCentiFen(baseFen: number, pct: number): number {
  return baseFen * pct;
}

export function roundCentiFen(centiFen: number, rounding: Rounding): number {
  switch (rounding) {
    case 'half-yuan': {
      const wholeYuan = Math.floor(centiFen / CENTI_FEN_PER_YUAN) * CENTI_FEN_PER_YUAN;
      const remainder = centiFen - wholeYuan;
      const step = remainder < 2_500 ? 0 : remainder < 7_500 ? 5_000 : 10_000;
      return (wholeYuan + step) / CENTI_FEN_PER_FEN;
    }
    case 'yuan-half-up':
      return (Math.floor((centiFen + 5_000) / CENTI_FEN_PER_YUAN) * CENTI_FEN_PER_YUAN) / CENTI_FEN_PER_FEN;
    case 'yuan-down':
      return (Math.floor(centiFen / CENTI_FEN_PER_YUAN) * CENTI_FEN_PER_YUAN) / CENTI_FEN_PER_FEN;
    case 'fen-half-up':
      return Math.floor((centiFen + 50) / CENTI_FEN_PER_FEN);
    default: {
      const unreachable: never = rounding;
      throw new Error(`unknown rounding ${String(unreachable)}`);
    }
  }
}

/** A percentage fee worked out step by step, so the explanation can show each step. */
export type PercentFee = {
  pct: number;
  baseFen: number;
  rawCentiFen: number;
  roundedFen: number;
  /** The rule's minimum fee lifted the rounded fee. */
  minimumApplied: boolean;
  minimumFen: number;
  /** The fee was cut to the base: a fee never exceeds what it is charged on. */
  capped: boolean;
  feeFen: number;
  rounding: Rounding;
};

/**
 * pct% of baseFen, rounded, raised to minimumFen when a fee is due at all (pct > 0 and base > 0),
 * and never more than the base itself.
 */
export function percentFee(baseFen: number, pct: number, rounding: Rounding, minimumFen = 0): PercentFee {
  const rawCentiFen = rawPercentCentiFen(baseFen, pct);
  const roundedFen = roundCentiFen(rawCentiFen, rounding);
  const due = pct > 0 && baseFen > 0;
  const minimumApplied = due && roundedFen < minimumFen;
  const lifted = minimumApplied ? minimumFen : roundedFen;
  const capped = lifted > baseFen;
  return {
    pct,
    baseFen,
    rawCentiFen,
    roundedFen,
    minimumApplied,
    minimumFen,
    capped,
    feeFen: capped ? baseFen : lifted,
    rounding,
  };
}

/** Whole yuan with thousands grouped, as the console writes them: 1406 → "1,406". */
export function groupThousands(whole: number): string {
  return String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** ¥ with two decimals, from integer fen: 55300 → "¥553.00", 140600 → "¥1,406.00" (as client/src/lib/format.ts). */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}¥${groupThousands(Math.floor(abs / 100))}.${String(abs % 100).padStart(2, '0')}`;
}

/** ¥ with at least two and at most four decimals, from centi-fen: 276500 → "¥27.65". */
export function formatCentiFenAsYuan(centiFen: number): string {
  const whole = Math.floor(centiFen / CENTI_FEN_PER_YUAN);
  const fraction = String(centiFen % CENTI_FEN_PER_YUAN)
    .padStart(4, '0')
    .replace(/0{1,2}$/, '');
  return `¥${groupThousands(whole)}.${fraction}`;
}
