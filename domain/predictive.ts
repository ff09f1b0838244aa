import { formatDollars } from './money';
import { failureRatePct, MIN_FAILURE_SAMPLE, type OpsProblem } from './operator';
import { evaluateDailyCost, evaluateTrend, type TrendFinding } from './trends';

/** One hour of ledger activity (by completion time; cost by LLM call time). */
export interface HourBucket {
  hourStart: string;
  completed: number;
  failed: number;
  qaAvg: number | null;
  costMicroUsd: number;
  p95Ms: number | null;
}

export interface TrendData {
  /** Oldest first; the last bucket is the current, partial hour. */
  hours: HourBucket[];
  /** Aggregates over the last `windowHours`, the "current" value of each metric. */
  recent: { windowHours: number; completed: number; failed: number; qaAvg: number | null; p95Ms: number | null };
  thresholds: { failureRatePct: number; qaThreshold: number; p95Ms: number; costTargetMicroUsdPerDay: number };
}

/** How far ahead the trend lines are projected. */
export const HORIZON_HOURS = 6;

export function predictiveFindings(d: TrendData): TrendFinding[] {
  const enough = d.recent.completed >= MIN_FAILURE_SAMPLE;
  return [
    evaluateTrend({
      metric: 'failure_rate',
      hourly: d.hours.map((h) => (h.completed >= 2 ? failureRatePct(h.failed, h.completed) : null)),
      current: enough ? failureRatePct(d.recent.failed, d.recent.completed) : null,
      threshold: d.thresholds.failureRatePct,
      direction: 'above',
      unit: '%',
      horizonHours: HORIZON_HOURS,
    }),
    evaluateTrend({
      metric: 'qa_average',
      hourly: d.hours.map((h) => h.qaAvg),
      current: d.recent.qaAvg,
      threshold: d.thresholds.qaThreshold,
      direction: 'below',
      unit: 'points',
      horizonHours: HORIZON_HOURS,
    }),
    evaluateDailyCost(
      d.hours.map((h) => h.costMicroUsd),
      d.thresholds.costTargetMicroUsdPerDay,
    ),
    evaluateTrend({
      metric: 'p95_latency',
      hourly: d.hours.map((h) => h.p95Ms),
      current: d.recent.p95Ms,
      threshold: d.thresholds.p95Ms,
      direction: 'above',
      unit: 'ms',
      horizonHours: HORIZON_HOURS,
    }),
  ];
}

const LABEL: Record<TrendFinding['metric'], string> = {
  failure_rate: 'Failure rate',
  qa_average: 'QA average',
  cost_per_day: 'LLM cost per day',
  p95_latency: 'p95 latency',
};

function show(f: TrendFinding, v: number | null): string {
  if (v === null) return 'n/a';
  if (f.metric === 'cost_per_day') return formatDollars(v);
  if (f.metric === 'p95_latency') return `${(v / 1000).toFixed(1)} s`;
  if (f.metric === 'failure_rate') return `${v}%`;
  return `${v}`;
}

/** The alert for a warning or breach finding; undefined when the metric is fine. */
export function findingAlert(f: TrendFinding): OpsProblem | undefined {
  if (f.status !== 'warning' && f.status !== 'breach') return undefined;
  const cmp = f.direction === 'above' ? 'over' : 'under';
  const title =
    f.status === 'breach'
      ? `${LABEL[f.metric]} ${show(f, f.current)} is ${cmp} the limit ${show(f, f.threshold)}`
      : `${LABEL[f.metric]} trending ${cmp} the limit ${show(f, f.threshold)}`;
  const horizon = f.metric === 'cost_per_day' ? 'over the next 24 h' : `in ${HORIZON_HOURS} h`;
  const text = [
    `Now: ${show(f, f.current)}. Projected ${horizon}: ${show(f, f.projected)}. Limit: ${show(f, f.threshold)}.`,
    f.slopePerHour !== null && f.metric !== 'cost_per_day'
      ? `Trend: ${f.slopePerHour > 0 ? '+' : ''}${f.slopePerHour} ${f.unit} per hour.`
      : '',
  ]
    .filter(Boolean)
    .join('\n');
  return {
    key: `predictive:${f.metric}:${f.status}`,
    severity: f.status === 'breach' ? 'critical' : 'warning',
    title,
    text,
  };
}
