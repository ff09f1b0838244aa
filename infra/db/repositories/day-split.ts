const H = 3_600_000;
const D = 24 * H;

/** Whole hours [from, to) read from an hourly rollup, added (+1) or taken off (-1). */
export interface HourRange {
  from: Date;
  to: Date;
  sign: 1 | -1;
}

/** Whole UTC days [from, to) from a daily rollup, and the hours that correct them to the window. */
export interface DaySplit {
  days: { from: Date; to: Date } | null;
  hours: HourRange[];
}

/**
 * Splits whole hours [from, to) into whole UTC days and the hours at each end, choosing per end whether
 * to add the hours before the first day (after the last) or to take off the hours of the day that sticks
 * out of the window, whichever reads fewer rows: so a window of any length reads its days plus at most
 * twelve hours at each end. Rows counted as hours or days alike (a day holds about as many buckets as a
 * busy hour). A window shorter than a day may be cheaper as hours only; that is a candidate too.
 */
export function splitDays(range: { from: Date; to: Date }): DaySplit {
  const f = range.from.getTime();
  const t = range.to.getTime();
  const hoursOnly: DaySplit = { days: null, hours: f < t ? [{ from: range.from, to: range.to, sign: 1 }] : [] };
  const cost = (s: DaySplit) =>
    s.hours.reduce((c, h) => c + (h.to.getTime() - h.from.getTime()) / H, 0) +
    (s.days ? (s.days.to.getTime() - s.days.from.getTime()) / D : 0);
  let best = hoursOnly;
  const starts = [Math.floor(f / D) * D, Math.ceil(f / D) * D];
  const ends = [Math.floor(t / D) * D, Math.ceil(t / D) * D];
  for (const df of new Set(starts))
    for (const dt of new Set(ends)) {
      if (df >= dt) continue;
      const hours: HourRange[] = [];
      if (df < f) hours.push({ from: new Date(df), to: new Date(f), sign: -1 });
      if (df > f) hours.push({ from: new Date(f), to: new Date(df), sign: 1 });
      if (dt < t) hours.push({ from: new Date(dt), to: new Date(t), sign: 1 });
      if (dt > t) hours.push({ from: new Date(t), to: new Date(dt), sign: -1 });
      const c: DaySplit = { days: { from: new Date(df), to: new Date(dt) }, hours };
      if (cost(c) < cost(best)) best = c;
    }
  return best;
}
