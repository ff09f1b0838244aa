/**
 * Trend projection for the predictive-alerts routine: a least-squares line through hourly values,
 * extended a few hours ahead, so an alert fires before a threshold is crossed, not after.
 * Pure functions: the workflow runs them deterministically over data an activity collected.
 */

export interface Line {
  slope: number;
  intercept: number;
}

/** Least squares over (index, value) pairs; nulls are hours without data. Undefined below 2 points. */
export function linearFit(values: readonly (number | null)[]): Line | undefined {
  const pts = values.flatMap((y, x) => (y === null || !Number.isFinite(y) ? [] : [{ x, y }]));
  if (pts.length < 2) return undefined;
  const n = pts.length;
  const mx = pts.reduce((s, p) => s + p.x, 0) / n;
  const my = pts.reduce((s, p) => s + p.y, 0) / n;
  const sxx = pts.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  const sxy = pts.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

export const valueAt = (line: Line, x: number) => line.intercept + line.slope * x;

export type TrendStatus = 'ok' | 'warning' | 'breach' | 'insufficient_data';

export interface TrendFinding {
  metric: 'failure_rate' | 'qa_average' | 'cost_per_day' | 'p95_latency';
  status: TrendStatus;
  /** The recent value (unit below); null without enough data. */
  current: number | null;
  /** Where the fitted line is `horizonHours` from now; null without enough data. */
  projected: number | null;
  threshold: number;
  /** `above`: alert when the value rises over the threshold; `below`: when it drops under. */
  direction: 'above' | 'below';
  unit: string;
  slopePerHour: number | null;
}

const beyond = (v: number, t: number, dir: 'above' | 'below') => (dir === 'above' ? v >= t : v <= t);

export interface TrendInput {
  metric: TrendFinding['metric'];
  /** Hourly values, oldest first; the last one is the current (possibly partial) hour. */
  hourly: readonly (number | null)[];
  current: number | null;
  threshold: number;
  direction: 'above' | 'below';
  unit: string;
  horizonHours: number;
  /** Fewer hours with data than this: no projection. */
  minPoints?: number;
}

/** Breach when the current value is past the threshold; warning when the projection will be. */
export function evaluateTrend(i: TrendInput): TrendFinding {
  const points = i.hourly.filter((v) => v !== null).length;
  const line = points >= (i.minPoints ?? 3) ? linearFit(i.hourly) : undefined;
  const projected = line ? valueAt(line, i.hourly.length - 1 + i.horizonHours) : null;
  const base = { metric: i.metric, threshold: i.threshold, direction: i.direction, unit: i.unit, current: i.current };
  const status: TrendStatus =
    i.current !== null && beyond(i.current, i.threshold, i.direction)
      ? 'breach'
      : projected !== null && beyond(projected, i.threshold, i.direction)
        ? 'warning'
        : i.current === null && projected === null
          ? 'insufficient_data'
          : 'ok';
  return {
    ...base,
    status,
    projected: projected === null ? null : round(projected),
    slopePerHour: line ? round(line.slope) : null,
  };
}

/**
 * Daily LLM cost: current = the last 24 h; projected = the next 24 h under the fitted hourly trend
 * (each hour floored at 0). Both in micro-USD.
 */
export function evaluateDailyCost(hourlyMicroUsd: readonly number[], targetMicroUsd: number): TrendFinding {
  const current = hourlyMicroUsd.slice(-24).reduce((s, v) => s + v, 0);
  const line = hourlyMicroUsd.filter((v) => v > 0).length >= 3 ? linearFit(hourlyMicroUsd) : undefined;
  let projected: number | null = null;
  if (line) {
    projected = 0;
    for (let h = 1; h <= 24; h++) projected += Math.max(0, valueAt(line, hourlyMicroUsd.length - 1 + h));
  }
  const status: TrendStatus =
    current >= targetMicroUsd ? 'breach' : projected !== null && projected >= targetMicroUsd ? 'warning' : 'ok';
  return {
    metric: 'cost_per_day',
    status,
    current,
    projected: projected === null ? null : Math.round(projected),
    threshold: targetMicroUsd,
    direction: 'above',
    unit: 'micro-USD/day',
    slopePerHour: line ? round(line.slope) : null,
  };
}

const round = (v: number) => Math.round(v * 100) / 100;
