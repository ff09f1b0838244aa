import { describe, expect, it } from 'vitest';
import {
  LATENCY_RELATIVE_ERROR,
  histogramCount,
  histogramPercentiles,
  latencyBucket,
  mergeInto,
  type LatencyHistogram,
} from '../../domain/latency-histogram';
import { fixedRandom } from '../support/fixed-random';

/** PostgreSQL's percentile_cont: linear interpolation between the values at ranks ⌊q(n-1)⌋ and ⌈q(n-1)⌉. */
function percentileCont(values: number[], q: number): number {
  const v = [...values].sort((a, b) => a - b);
  const pos = q * (v.length - 1);
  const lo = Math.floor(pos);
  return v[lo]! + (pos - lo) * (v[Math.ceil(pos)]! - v[lo]!);
}

describe('latency histogram', () => {
  it('gives percentiles within 1% of percentile_cont over the same values, merged from parts', () => {
    const rnd = fixedRandom(11);
    for (let i = 0; i < 300; i++) {
      const n = rnd.int(1, 400);
      const scale = rnd.pick([5, 1_000, 60_000, 3_600_000]);
      const values = Array.from({ length: n }, () => 1 + rnd.next() * rnd.next() * scale);
      // Built as the rollup is: hours merged by adding counts, one value taken off again (a moved row).
      const parts: LatencyHistogram[] = [new Map(), new Map()];
      for (const v of values) mergeInto(parts[rnd.int(0, 1)]!, latencyBucket(v), 1);
      const extra = 1 + rnd.next() * scale;
      mergeInto(parts[0]!, latencyBucket(extra), 1);
      const merged: LatencyHistogram = new Map();
      for (const part of parts) for (const [b, c] of part) mergeInto(merged, b, c);
      mergeInto(merged, latencyBucket(extra), -1);
      expect(histogramCount(merged)).toBe(n);
      const qs = [0, 0.5, 0.95, 0.99, 1];
      histogramPercentiles(merged, qs).forEach((got, k) => {
        const exact = percentileCont(values, qs[k]!);
        expect(Math.abs(got! - exact), `q=${qs[k]} n=${n}`).toBeLessThanOrEqual(LATENCY_RELATIVE_ERROR * exact + 1e-9);
      });
    }
  });

  it('has no percentiles when empty', () => {
    expect(histogramPercentiles(new Map(), [0.5, 0.95])).toEqual([null, null]);
  });
});
