/**
 * Latency percentiles from a histogram with fixed log-spaced buckets (the idea of DDSketch): bucket b
 * holds values in (γ^(b-1), γ^b] ms, bucket 0 every value ≤ 1 ms. Each value is represented by
 * 2γ^b / (γ + 1), which is within α = (γ - 1) / (γ + 1) of every value of its bucket; with γ = 1.01/0.99
 * that is 1%. A percentile interpolated as percentile_cont does (between the values at ranks
 * ⌊q(n-1)⌋ and ⌈q(n-1)⌉) from those representatives is a convex combination of values each within 1%,
 * so it is within 1% of percentile_cont over the same rows (values ≤ 1 ms: within 1 ms). Histograms of
 * hours merge by adding counts, so a window's percentile costs its hours × buckets, not its rows.
 */
export const LATENCY_RELATIVE_ERROR = 0.01;
export const LATENCY_GAMMA = (1 + LATENCY_RELATIVE_ERROR) / (1 - LATENCY_RELATIVE_ERROR);

/** The bucket of a latency in ms (the rollup trigger computes the same in SQL). */
export const latencyBucket = (ms: number): number => (ms <= 1 ? 0 : Math.ceil(Math.log(ms) / Math.log(LATENCY_GAMMA)));

/** The value standing for every latency of bucket b. */
export const bucketValue = (b: number): number => (2 * LATENCY_GAMMA ** b) / (LATENCY_GAMMA + 1);

/** Bucket → count; counts of several hours (or types) are merged by adding them. */
export type LatencyHistogram = Map<number, number>;

export function mergeInto(into: LatencyHistogram, bucket: number, count: number): LatencyHistogram {
  const n = (into.get(bucket) ?? 0) + count;
  if (n === 0) into.delete(bucket);
  else into.set(bucket, n);
  return into;
}

export const histogramCount = (h: LatencyHistogram): number => [...h.values()].reduce((s, n) => s + n, 0);

/** Percentiles (0…1) as percentile_cont would give them over the histogram's values; null when empty. */
export function histogramPercentiles(h: LatencyHistogram, qs: number[]): (number | null)[] {
  const buckets = [...h.entries()].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return qs.map(() => null);
  const valueAtRank = (rank: number) => {
    let seen = 0;
    for (const [b, n] of buckets) {
      seen += n;
      if (rank < seen) return bucketValue(b);
    }
    return bucketValue(buckets.at(-1)![0]);
  };
  return qs.map((q) => {
    const pos = q * (total - 1);
    const lo = Math.floor(pos);
    const vLo = valueAtRank(lo);
    return vLo + (pos - lo) * (valueAtRank(Math.ceil(pos)) - vLo);
  });
}
