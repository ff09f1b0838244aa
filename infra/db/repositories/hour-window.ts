import { sql, type SQL } from 'drizzle-orm';

const H = 3_600_000;
/** The finer grain the edges are read at (the 5-minute rollups). */
export const SLOT_MS = 300_000;

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

/** Whole grains [from, to) read from a rollup (hours, or 5-minute slots), plus the edges read finer. */
export interface HourPlan {
  whole: { from: Date; to: Date } | null;
  edges: EdgeRegion[];
}

export interface PlanOptions {
  /** No ledger rows lie after this instant. */
  present?: number;
  /** Ledger rows before this instant may have been archived (retention). */
  archivedBefore?: Date;
  /** The rollup's grain: an hour, or SLOT_MS. */
  grain?: number;
}

/**
 * Splits a window into whole grains (hours: from the rollup) and at most two partial edges (read finer),
 * choosing for each end whether to add the part of its grain inside the window or to take the part
 * outside off the whole grain, whichever has less time up to `present` (no rows lie in the future): so a
 * window reads at most about half a grain at each end, whatever its length. A short window may be cheaper
 * read whole at the finer level; that is a candidate too. No edge reaches before `archivedBefore`, where
 * ledger rows (and 5-minute slots) may be gone.
 */
export function planWindow(bounds: WindowBounds, options: PlanOptions = {}): HourPlan {
  const { present = Date.now(), archivedBefore, grain: G = H } = options;
  const b = snapArchived(bounds, archivedBefore);
  const s = b.since.getTime();
  const u = b.until.getTime();
  const cost = (r: EdgeRegion) => Math.max(0, Math.min(r.hi, present) - r.lo) + 1;
  const f = Math.floor(s / G) * G;
  const g = Math.floor(u / G) * G;
  const direct: HourPlan = {
    whole: null,
    edges: [{ lo: s, loIn: b.sinceIncluded, hi: u, hiIn: b.untilIncluded, sign: 1 } as EdgeRegion].filter(nonEmpty),
  };
  const candidates: HourPlan[] = [direct];
  const leads = [
    // take [f, s) (or [f, s]) off the grain that starts before the window
    {
      from: f,
      edge: { lo: f, loIn: true, hi: s, hiIn: !b.sinceIncluded, sign: -1 } as EdgeRegion,
      needsSinceBeforeTo: true,
    },
    // add (s, f + G) (or [s, f + G)) before the first whole grain
    {
      from: f + G,
      edge: { lo: s, loIn: b.sinceIncluded, hi: f + G, hiIn: false, sign: 1 } as EdgeRegion,
      needsSinceBeforeTo: false,
    },
  ];
  const trails = [
    // add [g, u] (or [g, u)) after the last whole grain
    {
      to: g,
      edge: { lo: g, loIn: true, hi: u, hiIn: b.untilIncluded, sign: 1 } as EdgeRegion,
      needsSinceBeforeG: true,
    },
    // take (u, g + G) (or [u, g + G)) off the grain that ends after the window
    {
      to: g + G,
      edge: { lo: u, loIn: !b.untilIncluded, hi: g + G, hiIn: false, sign: -1 } as EdgeRegion,
      needsSinceBeforeG: false,
    },
  ];
  for (const l of leads)
    for (const t of trails) {
      if (l.from > t.to) continue;
      if (l.needsSinceBeforeTo && s > t.to) continue;
      if (t.needsSinceBeforeG && s > g) continue;
      candidates.push({
        whole: { from: new Date(l.from), to: new Date(t.to) },
        edges: [l.edge, t.edge].filter(nonEmpty),
      });
    }
  const mark = archivedBefore?.getTime() ?? -Infinity;
  const kept = candidates.filter((p) => p.edges.every((e) => e.lo >= mark));
  const total = (p: HourPlan) => p.edges.reduce((c, e) => c + cost(e), 0);
  const best = (kept.length ? kept : candidates).reduce((a, c) => (total(c) < total(a) ? c : a));
  return best;
}

const nonEmpty = (e: EdgeRegion) => e.lo < e.hi || (e.lo === e.hi && e.loIn && e.hiIn);

/** A window read as whole hours, whole 5-minute slots at its edges (signed) and ledger rows (signed). */
export interface WindowReads {
  hours: HourPlan['whole'];
  slots: { from: Date; to: Date; sign: 1 | -1 }[];
  edges: EdgeRegion[];
}

/**
 * Plans a window over the hourly rollups, then each of its edges over the 5-minute ones: at most about
 * two and a half minutes of ledger rows at each end.
 */
export function planWindowReads(bounds: WindowBounds, options: Omit<PlanOptions, 'grain'> = {}): WindowReads {
  const plan = planWindow(bounds, options);
  const out: WindowReads = { hours: plan.whole, slots: [], edges: [] };
  for (const e of plan.edges) {
    const region = { since: new Date(e.lo), until: new Date(e.hi), sinceIncluded: e.loIn, untilIncluded: e.hiIn };
    const sub = planWindow(region, { ...options, grain: SLOT_MS });
    if (sub.whole) out.slots.push({ ...sub.whole, sign: e.sign });
    for (const x of sub.edges) out.edges.push({ ...x, sign: (e.sign * x.sign) as 1 | -1 });
  }
  return out;
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

/** The SQL condition selecting whole grains [from, to) on a rollup's time column (false when none). */
export const wholeCondition = (col: SQL, whole: { from: Date; to: Date } | null): SQL =>
  whole ? sql`${col} >= ${at(whole.from.getTime())} and ${col} < ${at(whole.to.getTime())}` : sql`false`;
