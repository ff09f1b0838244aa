import { describe, expect, it } from 'vitest';
import { planWindow, type EdgeRegion, type WindowBounds } from '../../infra/db/repositories/hour-window';
import { fixedRandom } from '../support/fixed-random';

const H = 3_600_000;
const Q = H / 4;

/** How many times a row at instant x is counted: once per whole hour it lies in, ± once per edge. */
function counted(plan: ReturnType<typeof planWindow>, x: number): number {
  const inHours = plan.hours && x >= plan.hours.from.getTime() && x < plan.hours.to.getTime() ? 1 : 0;
  const inEdge = (e: EdgeRegion) => (e.loIn ? x >= e.lo : x > e.lo) && (e.hiIn ? x <= e.hi : x < e.hi);
  return inHours + plan.edges.reduce((n, e) => n + (inEdge(e) ? e.sign : 0), 0);
}
const inWindow = (b: WindowBounds, x: number) =>
  (b.sinceIncluded ? x >= b.since.getTime() : x > b.since.getTime()) &&
  (b.untilIncluded ? x <= b.until.getTime() : x < b.until.getTime());

describe('planWindow: whole hours from the rollup plus edges from the ledger', () => {
  it('counts every instant of the window exactly once and nothing outside it, for any ends and bounds', () => {
    const rnd = fixedRandom(7);
    for (let i = 0; i < 3000; i++) {
      // Ends on quarter hours (so on whole hours often) or anywhere; windows from 0 to 9 hours.
      const onGrid = rnd.next() < 0.5;
      const s = onGrid ? rnd.int(0, 40) * Q : rnd.int(0, 10 * H);
      const u = s + (onGrid ? rnd.int(0, 36) * Q : rnd.int(0, 9 * H));
      const b = {
        since: new Date(s),
        until: new Date(u),
        sinceIncluded: rnd.next() < 0.5,
        untilIncluded: rnd.next() < 0.5,
      };
      const present = rnd.next() < 0.5 ? u + rnd.int(0, H) : 20 * H;
      const plan = planWindow(b, present);
      const probes = [
        s - 1,
        s,
        s + 1,
        u - 1,
        u,
        u + 1,
        Math.floor(s / H) * H,
        Math.floor(u / H) * H + H,
        rnd.int(s - H, u + H),
      ];
      for (let h = Math.floor(s / H) * H - H; h <= u + H; h += H) probes.push(h - 1, h, h + 1);
      for (const x of probes) expect(counted(plan, x), `${JSON.stringify(b)} at ${x}`).toBe(inWindow(b, x) ? 1 : 0);
    }
  });

  it('reads at most half an hour of ledger time past `present` at each end of a long window', () => {
    const rnd = fixedRandom(8);
    for (let i = 0; i < 500; i++) {
      const u = rnd.int(100 * H, 200 * H);
      const b = { since: new Date(u - 168 * H), until: new Date(u), sinceIncluded: false, untilIncluded: true };
      const plan = planWindow(b, u);
      expect(plan.hours).not.toBeNull();
      const span = plan.edges.reduce((t, e) => t + Math.max(0, Math.min(e.hi, u) - e.lo), 0);
      expect(span).toBeLessThanOrEqual(H);
    }
  });

  it('starts a window reaching back before what retention archived at its whole hour', () => {
    const b = {
      since: new Date(10 * H + 1234),
      until: new Date(30 * H + 99),
      sinceIncluded: false,
      untilIncluded: true,
    };
    const plan = planWindow(b, 31 * H, new Date(20 * H));
    for (const x of [10 * H - 1, 10 * H, 10 * H + 1, 10 * H + 1234, 11 * H])
      expect(counted(plan, x), `at ${x}`).toBe(x >= 10 * H ? 1 : 0);
    expect(plan.edges.every((e) => e.lo >= 20 * H)).toBe(true);
  });
});
