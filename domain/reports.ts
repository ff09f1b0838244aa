import { formatCents, formatDollars } from './money';
import { failureRatePct, type OpsStatus } from './operator';
import { factLines } from './report-fact-lines';
import type { ReportFacts } from './report-facts';

/** The original EchoPilot runbook's four scheduled reports; each is computed from the ledger and sent through the alert channels. */
export const REPORT_KINDS = [
  'supervisor-report',
  'executive-report',
  'ceo-brief',
  'daily-report',
  'weekly-report',
  'monthly-report',
] as const;
/** The reports emailed with a PDF of charts (and, for the CEO brief, a narrative). */
export const PDF_REPORT_KINDS: readonly ReportKind[] = [
  'executive-report',
  'ceo-brief',
  'weekly-report',
  'monthly-report',
];
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface LatencySummary {
  count: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export interface PeriodOutcomes {
  byStatus: Record<string, number>;
  failuresByType: Record<string, number>;
  qaAvg: number | null;
}

export interface ReportData {
  periodStart: string;
  periodEnd: string;
  outcomes: PeriodOutcomes;
  /** The period before, for day-over-day comparison. */
  previous: PeriodOutcomes & { costMicroUsd: number };
  intake: { created: number; queued: number; running: number };
  costByModel: { model: string; costMicroUsd: number; inputTokens: number; outputTokens: number; calls: number }[];
  topClients: { clientId: string; tasks: number; costMicroUsd: number }[];
  latency: Record<string, LatencySummary>;
  replays: Record<string, number>;
  alerts: Record<string, number>;
  health: { status: string; checkedAt: string } | null;
  lastOperator: { status: string; summary: string; checkedAt: string } | null;
  costTargetMicroUsdPerDay: number;
  qaThreshold: number;
  /** Revenue, margin, QA distribution…: absent from reports collected before the facts layer existed. */
  facts?: ReportFacts;
  /** Referral codes, their uses and what referred clients paid (all time); absent before referrals existed. */
  referrals?: ReferralTotals;
}

export interface ReferralTotals {
  codes: number;
  uses: number;
  discountsGiven: number;
  creditCents: number;
  revenueCents: number;
}

/** Days a report covers, for its spend target and its comparison with the period before. */
const PERIOD_DAYS: Partial<Record<ReportKind, { days: number; name: string }>> = {
  'weekly-report': { days: 7, name: 'week' },
  'monthly-report': { days: 30, name: 'month' },
};

export interface RenderedReport {
  kind: ReportKind;
  status: OpsStatus;
  title: string;
  text: string;
  headline: {
    finished: number;
    succeeded: number;
    successRatePct: number | null;
    qaAvg: number | null;
    costMicroUsd: number;
  };
}

const finished = (o: PeriodOutcomes) => (o.byStatus.done ?? 0) + (o.byStatus.low_qa ?? 0) + (o.byStatus.failed ?? 0);
const seconds = (ms: number | null) => (ms === null ? 'n/a' : `${(ms / 1000).toFixed(1)} s`);
const pct = (v: number | null) => (v === null ? 'n/a' : `${v}%`);
const deltaVs = (what: string) => (now: number, before: number) =>
  before === 0
    ? ''
    : ` (${now >= before ? '+' : ''}${Math.round(((now - before) / before) * 100)}% vs previous ${what})`;

/** Pure rendering of one report over the collected data; the workflow runs it, an activity sends it. */
export function renderReport(kind: ReportKind, d: ReportData): RenderedReport {
  const span = PERIOD_DAYS[kind] ?? { days: 1, name: 'day' };
  const delta = deltaVs(span.name);
  const total = finished(d.outcomes);
  const ok = (d.outcomes.byStatus.done ?? 0) + (d.outcomes.byStatus.low_qa ?? 0);
  const failed = d.outcomes.byStatus.failed ?? 0;
  const successRatePct = total === 0 ? null : Math.round((ok / total) * 1000) / 10;
  const cost = d.costByModel.reduce((s, m) => s + m.costMicroUsd, 0);
  // The target is per day: a week's spend is held against seven of them, a month's against thirty.
  const overBudget = cost > d.costTargetMicroUsdPerDay * span.days;
  const lowQa = d.outcomes.qaAvg !== null && d.outcomes.qaAvg < d.qaThreshold;
  const rate = failureRatePct(failed, total);
  const status: OpsStatus =
    d.health?.status === 'down' || d.lastOperator?.status === 'critical'
      ? 'critical'
      : overBudget || lowQa || (rate ?? 0) >= 20 || d.health?.status === 'degraded'
        ? 'warning'
        : 'ok';
  const period = `${d.periodStart.slice(0, 16).replace('T', ' ')} → ${d.periodEnd.slice(0, 16).replace('T', ' ')} UTC`;
  const p95 = d.latency.all?.p95Ms ?? null;
  const lines: string[] = [];
  const head = [
    `Tasks finished: ${total}${delta(total, finished(d.previous))} — done ${d.outcomes.byStatus.done ?? 0}, low QA ${d.outcomes.byStatus.low_qa ?? 0}, failed ${failed}`,
    `Success rate: ${pct(successRatePct)} · QA average: ${d.outcomes.qaAvg ?? 'n/a'} (threshold ${d.qaThreshold})`,
    `LLM cost: ${formatDollars(cost)}${delta(cost, d.previous.costMicroUsd)} (target ${formatDollars(d.costTargetMicroUsdPerDay)}/day${overBudget ? ', OVER' : ''})`,
    `p95 latency: ${seconds(p95)}`,
  ];

  if (kind === 'ceo-brief') {
    lines.push(
      ...head,
      `Health: ${d.health?.status ?? 'unknown'} · Open problems: ${d.lastOperator?.summary ?? 'none reported'}`,
    );
  } else if (kind === 'supervisor-report') {
    lines.push(
      ...head,
      '',
      `Intake: ${d.intake.created} new · queued now ${d.intake.queued} · running now ${d.intake.running}`,
    );
    const types = Object.entries(d.outcomes.failuresByType).sort((a, b) => b[1] - a[1]);
    lines.push(`Failures by type: ${types.length ? types.map(([t, n]) => `${t} ${n}`).join(', ') : 'none'}`);
    lines.push(`Re-runs: self-heal ${d.replays['self-heal'] ?? 0}, job replay ${d.replays['job-replay'] ?? 0}`);
    lines.push(
      `Alerts: ${
        Object.entries(d.alerts)
          .map(([s, n]) => `${s} ${n}`)
          .join(', ') || 'none'
      }`,
    );
    lines.push(
      `Auto-operator: ${d.lastOperator ? `${d.lastOperator.status} — ${d.lastOperator.summary}` : 'no report yet'}`,
    );
    lines.push(`Health: ${d.health ? `${d.health.status} at ${d.health.checkedAt}` : 'no probe yet'}`);
  } else if (kind === 'executive-report' || kind === 'weekly-report' || kind === 'monthly-report') {
    lines.push(...head, '', 'Spend by model:');
    lines.push(
      ...(d.costByModel.length
        ? d.costByModel.map((m) => `  ${m.model}: ${formatDollars(m.costMicroUsd)} over ${m.calls} calls`)
        : ['  none']),
    );
    lines.push(`Cost per finished task: ${total === 0 ? 'n/a' : formatDollars(Math.round(cost / total))}`);
    lines.push('Top clients by spend:');
    lines.push(
      ...(d.topClients.length
        ? d.topClients.map((c) => `  ${c.clientId}: ${c.tasks} tasks, ${formatDollars(c.costMicroUsd)}`)
        : ['  none']),
    );
  } else {
    lines.push(...head, '', 'Finance:');
    lines.push(
      ...d.costByModel.map(
        (m) =>
          `  ${m.model}: ${formatDollars(m.costMicroUsd)} · ${m.inputTokens} in / ${m.outputTokens} out tokens · ${m.calls} calls`,
      ),
    );
    lines.push('Latency by task type (p50 / p95 / p99):');
    for (const [type, l] of Object.entries(d.latency))
      lines.push(`  ${type}: ${seconds(l.p50Ms)} / ${seconds(l.p95Ms)} / ${seconds(l.p99Ms)} over ${l.count} tasks`);
  }

  const names: Record<ReportKind, string> = {
    'supervisor-report': 'Supervisor report',
    'executive-report': 'Executive report',
    'ceo-brief': 'CEO brief',
    'daily-report': 'Daily report',
    'weekly-report': 'Weekly report',
    'monthly-report': 'Monthly report',
  };
  if (kind === 'monthly-report' && d.referrals) {
    const r = d.referrals;
    lines.push(
      '',
      `Referrals: ${r.codes} codes, ${r.uses} referred clients, ${r.discountsGiven} first-invoice discounts, credits ${formatCents(r.creditCents)}, paid by referred clients ${formatCents(r.revenueCents)} (all time)`,
    );
  }
  if (d.facts) lines.push('', 'Facts:', ...factLines(d.facts).map((l) => `  ${l}`));
  return {
    kind,
    status,
    title: `${names[kind]} ${d.periodEnd.slice(0, 10)}${status === 'ok' ? '' : ` (${status})`}`,
    text: [`Period: ${period}`, '', ...lines].join('\n'),
    headline: { finished: total, succeeded: ok, successRatePct, qaAvg: d.outcomes.qaAvg, costMicroUsd: cost },
  };
}
