import { describe, expect, it } from 'vitest';
import { splitDays, type DaySplit } from '../../infra/db/repositories/day-split';
import { fixedRandom } from '../support/fixed-random';

const H = 3_600_000;
const D = 24 * H;

/** How many times each hour of [lo, hi) the split counts: days and added hours +1, taken-off hours -1. */
function coverage(s: DaySplit, lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let h = lo; h < hi; h += H) {
    let n = 0;
    if (s.days && h >= s.days.from.getTime() && h < s.days.to.getTime()) n++;
    for (const r of s.hours) if (h >= r.from.getTime() && h < r.to.getTime()) n += r.sign;
    out.push(n);
  }
  return out;
}

describe('splitting whole hours into whole days and signed edge hours', () => {
  it('counts every hour of the range once and no hour outside it, on random ranges', () => {
    const rnd = fixedRandom(18);
    const base = Date.UTC(2026, 10, 1);
    for (let i = 0; i < 500; i++) {
      const from = base + rnd.int(0, 40 * 24) * H;
      const to = from + rnd.int(0, 20 * 24) * H;
      const s = splitDays({ from: new Date(from), to: new Date(to) });
      const lo = base - 2 * D;
      const hi = to + 3 * D;
      const expected = coverage({ days: null, hours: [{ from: new Date(from), to: new Date(to), sign: 1 }] }, lo, hi);
      expect(coverage(s, lo, hi), `${new Date(from).toISOString()} … ${new Date(to).toISOString()}`).toEqual(expected);
      if (s.days) expect(s.days.from.getTime() % D).toBe(0);
    }
  });

  it('reads a 7-day window as 6 to 8 days and at most 12 hours at each end', () => {
    for (let start = 0; start < 24; start++) {
      const from = Date.UTC(2026, 11, 1, start);
      const s = splitDays({ from: new Date(from), to: new Date(from + 7 * D) });
      const days = (s.days!.to.getTime() - s.days!.from.getTime()) / D;
      expect(days).toBeGreaterThanOrEqual(6);
      expect(days).toBeLessThanOrEqual(8);
      expect(s.hours).toHaveLength(start === 0 ? 0 : 2);
      for (const h of s.hours) expect(h.to.getTime() - h.from.getTime()).toBeLessThanOrEqual(12 * H);
    }
  });

  it('keeps a range of a few hours as hours, and an empty range empty', () => {
    const from = Date.UTC(2026, 11, 1, 5);
    expect(splitDays({ from: new Date(from), to: new Date(from + 3 * H) })).toEqual({
      days: null,
      hours: [{ from: new Date(from), to: new Date(from + 3 * H), sign: 1 }],
    });
    expect(splitDays({ from: new Date(from), to: new Date(from) })).toEqual({ days: null, hours: [] });
  });
});
