/** Percentiles of a set of durations, in milliseconds rounded to 0.01 ms. */
export type LatencyStats = { samples: number; p50: number; p90: number; p99: number; max: number; mean: number };

const round = (ms: number) => Math.round(ms * 100) / 100;

/** Nearest-rank percentile: the smallest sample that at least p% of the samples do not exceed. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export function latencyStats(durations: readonly number[]): LatencyStats {
  const sorted = [...durations].sort((a, b) => a - b);
  const sum = sorted.reduce((total, d) => total + d, 0);
  return {
    samples: sorted.length,
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
    mean: round(sorted.length > 0 ? sum / sorted.length : Number.NaN),
  };
}

/** Milliseconds since an origin taken with performance.now(). */
export function since(start: number): number {
  return performance.now() - start;
}
