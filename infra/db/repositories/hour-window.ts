import { sql, type SQL } from 'drizzle-orm';

const H = 3_600_000;

/** A time window over one column: since … until, each end included or not. */
export interface WindowBounds {
  since: Date;
  until: Date;
  sinceIncluded: boolean;
  untilIncluded: boolean;
}

/** A stretch of the ledger read row by row, added to (+1) or taken off (-1) the whole hours. */
export interface EdgeRegion {
  lo: number;
  loIn: boolean;
  hi: number;
  hiIn: boolean;
  sign: 1 | -1;
}

/** Whole hours [from, to) read from an hourly rollup, plus the edges read from the ledger itself. */
export interface HourPlan {
  hours: { from: Date; to: Date } | null;
  edges: EdgeRegion[];
}

/**
 * Splits a window into whole hours (from the rollup) and at most two partial edges (from the ledger),
 * choosing for each end whether to add the part of its hour inside the window or to take the part
 * outside off the whole hour, whichever has less time up to `present` (no rows lie in the future): so a
 * window reads at most about half an hour of ledger rows at each end, whatever its length. A short
 * window may be cheaper read whole from the ledger; that is a candidate too.
 */
export function planWindow(bounds: WindowBounds, present = Date.now(), archivedBefore?: Date): HourPlan {
  const b = snapArchived(bounds, archivedBefore);
  const s = b.since.getTime();
  const u = b.until.getTime();
  const cost = (r: EdgeRegion) => Math.max(0, Math.min(r.hi, present) - r.lo) + 1;
  const f = Math.floor(s / H) * H;
  const g = Math.floor(u / H) * H;
  const direct: HourPlan = {
    hours: null,
    edges: [{ lo: s, loIn: b.sinceIncluded, hi: u, hiIn: b.untilIncluded, sign: 1 }],
  };
  const candidates: HourPlan[] = [direct];
  const leads = [
    // take [f, s) (or [f, s]) off the hour that starts before the window
    {
      from: f,
      edge: { lo: f, loIn: true, hi: s, hiIn: !b.sinceIncluded, sign: -1 } as EdgeRegion,
      needsSinceBeforeTo: true,
    },
    // add (s, f + H) (or [s, f + H)) before the first whole hour
    {
      from: f + H,
      edge: { lo: s, loIn: b.sinceIncluded, hi: f + H, hiIn: false, sign: 1 } as EdgeRegion,
      needsSinceBeforeTo: false,
    },
  ];
  const trails = [
    // add [g, u] (or [g, u)) after the last whole hour
    {
      to: g,
      edge: { lo: g, loIn: true, hi: u, hiIn: b.untilIncluded, sign: 1 } as EdgeRegion,
      needsSinceBeforeG: true,
    },
    // take (u, g + H) (or [u, g + H)) off the hour that ends after the window
    {
      to: g + H,
      edge: { lo: u, loIn: !b.untilIncluded, hi: g + H, hiIn: false, sign: -1 } as EdgeRegion,
      needsSinceBeforeG: false,
    },
  ];
  for (const l of leads)
    for (const t of trails) {
      if (l.from > t.to) continue;
      if (l.needsSinceBeforeTo && s > t.to) continue;
      if (t.needsSinceBeforeG && s > g) continue;
      candidates.push({ hours: { from: new Date(l.from), to: new Date(t.to) }, edges: [l.edge, t.edge] });
    }
  const total = (p: HourPlan) => p.edges.reduce((c, e) => c + cost(e), 0);
  const best = candidates.reduce((a, c) => (total(c) < total(a) ? c : a));
  return { hours: best.hours, edges: best.edges.filter((e) => e.lo < e.hi || (e.lo === e.hi && e.loIn && e.hiIn)) };
}

/**
 * Ledger rows before `archivedBefore` may have been archived (retention), while the rollups still count
 * them: a window end there moves back to the start of its hour, so that part is read from whole hours.
 */
function snapArchived(b: WindowBounds, archivedBefore?: Date): WindowBounds {
  if (!archivedBefore) return b;
  const mark = archivedBefore.getTime();
  const floor = (d: Date) => new Date(Math.floor(d.getTime() / H) * H);
  const out = { ...b };
  if (b.since.getTime() < mark) Object.assign(out, { since: floor(b.since), sinceIncluded: true });
  if (b.until.getTime() < mark) Object.assign(out, { until: floor(b.until), untilIncluded: false });
  return out;
}

const at = (ms: number) => sql`${new Date(ms).toISOString()}::timestamptz`;

/** The SQL condition selecting an edge's rows on `col`. */
export const edgeCondition = (col: SQL, r: EdgeRegion): SQL =>
  sql`${col} ${sql.raw(r.loIn ? '>=' : '>')} ${at(r.lo)} and ${col} ${sql.raw(r.hiIn ? '<=' : '<')} ${at(r.hi)}`;

/** The SQL condition selecting the plan's whole hours on a rollup's `hour` column (false when none). */
export const hoursCondition = (col: SQL, p: HourPlan): SQL =>
  p.hours ? sql`${col} >= ${at(p.hours.from.getTime())} and ${col} < ${at(p.hours.to.getTime())}` : sql`false`;
