import { describe, expect, it } from 'vitest';
import {
  planWindow,
  planWindowReads,
  SLOT_MS,
  type EdgeRegion,
  type WindowBounds,
} from '../../infra/db/repositories/hour-window';
import { fixedRandom } from '../support/fixed-random';

const H = 3_600_000;
const Q = H / 4;

/** How many times a row at instant x is counted: once per whole hour it lies in, ± once per edge. */
function counted(plan: ReturnType<typeof planWindow>, x: number): number {
  const inHours = plan.whole && x >= plan.whole.from.getTime() && x < plan.whole.to.getTime() ? 1 : 0;
  return inHours + plan.edges.reduce((n, e) => n + (inEdge(e, x) ? e.sign : 0), 0);
}
const inEdge = (e: EdgeRegion, x: number) => (e.loIn ? x >= e.lo : x > e.lo) && (e.hiIn ? x <= e.hi : x < e.hi);
const inRange = (r: { from: Date; to: Date } | null, x: number) => !!r && x >= r.from.getTime() && x < r.to.getTime();

/** The same over both levels: whole hours, signed whole slots, signed ledger edges. */
function countedReads(reads: ReturnType<typeof planWindowReads>, x: number): number {
  return (
    (inRange(reads.hours, x) ? 1 : 0) +
    reads.slots.reduce((n, s) => n + (inRange(s, x) ? s.sign : 0), 0) +
    reads.edges.reduce((n, e) => n + (inEdge(e, x) ? e.sign : 0), 0)
  );
}
const inWindow = (b: WindowBounds, x: number) =>
  (b.sinceIncluded ? x >= b.since.getTime() : x > b.since.getTime()) &&
  (b.untilIncluded ? x <= b.until.getTime() : x < b.until.getTime());

/**
 * A window of 0 to 9 hours starting in the first 10, its ends on multiples of `step` half the time, each end
 * open or closed at random, and `present` just after it or long after.
 */
function randomWindow(rnd: ReturnType<typeof fixedRandom>, step: number) {
  const onGrid = rnd.next() < 0.5;
  const s = onGrid ? rnd.int(0, (10 * H) / step) * step : rnd.int(0, 10 * H);
  const u = s + (onGrid ? rnd.int(0, (9 * H) / step) * step : rnd.int(0, 9 * H));
  const b = {
    since: new Date(s),
    until: new Date(u),
    sinceIncluded: rnd.next() < 0.5,
    untilIncluded: rnd.next() < 0.5,
  };
  const present = rnd.next() < 0.5 ? u + rnd.int(0, H) : 20 * H;
  return { s, u, b, present };
}

describe('planWindow: whole hours from the rollup plus edges from the ledger', () => {
  it('counts every instant of the window exactly once and nothing outside it, for any ends and bounds', () => {
    const rnd = fixedRandom(7);
    for (let i = 0; i < 3000; i++) {
      // Ends on quarter hours (so on whole hours often) or anywhere; windows from 0 to 9 hours.
      const { s, u, b, present } = randomWindow(rnd, Q);
      const plan = planWindow(b, { present });
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
      const plan = planWindow(b, { present: u });
      expect(plan.whole).not.toBeNull();
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
    const plan = planWindow(b, { present: 31 * H, archivedBefore: new Date(20 * H) });
    for (const x of [10 * H - 1, 10 * H, 10 * H + 1, 10 * H + 1234, 11 * H])
      expect(counted(plan, x), `at ${x}`).toBe(x >= 10 * H ? 1 : 0);
    expect(plan.edges.every((e) => e.lo >= 20 * H)).toBe(true);
  });

  it('never reads ledger rows before the archive mark, even when the window starts in its hour', () => {
    const rnd = fixedRandom(9);
    for (let i = 0; i < 2000; i++) {
      const mark = rnd.int(10 * H, 11 * H);
      const s = rnd.next() < 0.5 ? mark + rnd.int(0, H) : rnd.int(9 * H, 12 * H);
      const b = {
        since: new Date(s),
        until: new Date(s + rnd.int(0, 30 * H)),
        sinceIncluded: rnd.next() < 0.5,
        untilIncluded: true,
      };
      const reads = planWindowReads(b, { present: 50 * H, archivedBefore: new Date(mark) });
      expect(reads.edges.every((e) => e.lo >= mark)).toBe(true);
      expect(reads.slots.every((x) => x.from.getTime() >= mark)).toBe(true);
      if (s >= mark)
        for (const x of [s - 1, s, s + 1, mark, Math.ceil(s / H) * H, rnd.int(s, s + 2 * H)])
          expect(countedReads(reads, x), `${JSON.stringify(b)} mark ${mark} at ${x}`).toBe(inWindow(b, x) ? 1 : 0);
    }
  });
});

describe('planWindowReads: the edges of the hours read as 5-minute slots, then ledger rows', () => {
  it('counts every instant of the window exactly once and nothing outside it', () => {
    const rnd = fixedRandom(10);
    for (let i = 0; i < 3000; i++) {
      // Ends on whole minutes (so on slots and hours often) or anywhere.
      const { s, u, b, present } = randomWindow(rnd, 60_000);
      const reads = planWindowReads(b, { present });
      const probes = [s - 1, s, s + 1, u - 1, u, u + 1, rnd.int(s - H, u + H)];
      for (let t = Math.floor(s / SLOT_MS) * SLOT_MS - SLOT_MS; t <= u + SLOT_MS; t += SLOT_MS)
        if (t < s + 2 * H || t > u - 2 * H) probes.push(t - 1, t, t + 1);
      for (const x of probes)
        expect(countedReads(reads, x), `${JSON.stringify(b)} at ${x}`).toBe(inWindow(b, x) ? 1 : 0);
    }
  });

  it('reads at most half a slot of ledger time at each end of a window ending now, and at most a dozen slots', () => {
    const rnd = fixedRandom(11);
    for (let i = 0; i < 500; i++) {
      const u = rnd.int(100 * H, 200 * H);
      const b = {
        since: new Date(u - rnd.pick([1, 24, 168]) * H),
        until: new Date(u),
        sinceIncluded: false,
        untilIncluded: true,
      };
      const reads = planWindowReads(b, { present: u });
      const span = reads.edges.reduce((t, e) => t + Math.max(0, Math.min(e.hi, u) - e.lo), 0);
      expect(span).toBeLessThanOrEqual(SLOT_MS / 2 + 1);
      const slots = reads.slots.reduce((n, x) => n + (Math.min(x.to.getTime(), u) - x.from.getTime()) / SLOT_MS, 0);
      expect(slots).toBeLessThanOrEqual(H / SLOT_MS / 2 + 1);
    }
  });
});
