import { sql } from 'drizzle-orm';
import { histogramPercentiles, mergeInto, type LatencyHistogram } from '../../../domain/latency-histogram';
import { marginMicroUsd } from '../../../domain/margin';
import { QA_BANDS, type ReportFacts } from '../../../domain/report-facts';
import type { Db } from '../open-database';
import { attemptCostSums, clientSums, latencyCounts, outcomeCounts } from './hourly-rollup-reads';
import { moneySums } from './money-sums';
import { platformLlmCostByDay } from './platform-llm-ledger';
import { int, sqlRows } from './sql-rows';

const H = 3_600_000;
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const dayOfHour = (hourNo: string) => new Date(Number(hourNo) * H).toISOString().slice(0, 10);
const p95 = (h: LatencyHistogram | undefined) => {
  const v = h ? histogramPercentiles(h, [0.95])[0] : null;
  return v === null || v === undefined ? null : Math.round(v);
};

/**
 * The one query layer behind the reports and `/api/metrics-summary`: ledger numbers from the hourly
 * rollups (plus the partial hours at the period's edges), revenue and refunds from money-sums.ts (shared
 * with `/api/finance-metrics`). LLM cost is the attempt ledger's (cost at the time of each call) plus the
 * platform's own calls (platform-llm-ledger.ts), so the margin counts every call the platform pays for.
 */
export function createReportFacts(db: Db) {
  return {
    async facts(since: Date, until: Date, currency: string, topN = 5): Promise<ReportFacts> {
      const b = { since, until, sinceIncluded: true, untilIncluded: false };
      const [outcomes, costs, latency, clients, moneyTotal, moneyDay, moneyClient, qaRows, platform] =
        await Promise.all([
          outcomeCounts(db, b, 'hour', ['done', 'low_qa', 'failed']),
          attemptCostSums(db, b, 'hour'),
          latencyCounts(db, b, 'hour'),
          clientSums(db, b, topN),
          moneySums(db, since, until, currency, 'none'),
          moneySums(db, since, until, currency, 'day'),
          moneySums(db, since, until, currency, 'client'),
          // The distribution needs each score: the rollups only keep sums (jobs_completed_idx bounds the scan).
          sqlRows<{ s: unknown; n: unknown }>(
            db,
            sql`select qa_score as s, count(*) as n from jobs where status in ('done', 'low_qa') and qa_score is not null
              and completed_at >= ${ts(since)} and completed_at < ${ts(until)} group by qa_score`,
          ),
          platformLlmCostByDay(db, since, until),
        ]);
      const days = new Map<string, ReportFacts['days'][number]>();
      const day = (d: string) =>
        days.get(d) ?? days.set(d, { day: d, tasks: 0, revenueCents: 0, llmCostMicroUsd: 0, p95Ms: null }).get(d)!;
      for (let t = Math.floor(since.getTime() / 86_400_000) * 86_400_000; t < until.getTime(); t += 86_400_000)
        day(new Date(t).toISOString().slice(0, 10));

      const tasksByStatus: Record<string, number> = { done: 0, low_qa: 0, failed: 0 };
      let qaSum = 0;
      let qaN = 0;
      for (const r of outcomes) {
        tasksByStatus[r.status] = (tasksByStatus[r.status] ?? 0) + r.tasks;
        day(dayOfHour(r.key)).tasks += r.tasks;
        if (r.status !== 'failed') {
          qaSum += r.qaSum;
          qaN += r.qaCount;
        }
      }
      let llmCostMicroUsd = 0;
      for (const r of costs) {
        llmCostMicroUsd += r.costMicroUsd;
        day(dayOfHour(r.key)).llmCostMicroUsd += r.costMicroUsd;
      }
      let platformLlmCostMicroUsd = 0;
      for (const [d, v] of platform) {
        platformLlmCostMicroUsd += v;
        day(d).llmCostMicroUsd += v;
      }
      llmCostMicroUsd += platformLlmCostMicroUsd;
      const all: LatencyHistogram = new Map();
      const perDay = new Map<string, LatencyHistogram>();
      for (const r of latency) {
        mergeInto(all, r.bucket, r.n);
        const d = dayOfHour(r.key);
        mergeInto(perDay.get(d) ?? perDay.set(d, new Map()).get(d)!, r.bucket, r.n);
      }
      for (const [d, h] of perDay) day(d).p95Ms = p95(h);
      for (const [d, m] of moneyDay) day(d).revenueCents += m.revenueCents;

      const qaDistribution = QA_BANDS.map(({ band, lo, hi }) => ({
        band,
        tasks: qaRows.filter((r) => int(r.s) >= lo && int(r.s) <= hi).reduce((s, r) => s + int(r.n), 0),
      }));
      const revenueCents = moneyTotal.get('')?.revenueCents ?? 0;
      const refundsCents = moneyTotal.get('')?.refundsCents ?? 0;
      return {
        periodStart: since.toISOString(),
        periodEnd: until.toISOString(),
        currency,
        revenueCents,
        refundsCents,
        llmCostMicroUsd,
        platformLlmCostMicroUsd,
        marginMicroUsd: marginMicroUsd(revenueCents, refundsCents, llmCostMicroUsd, currency),
        tasksByStatus,
        qaAvg: qaN === 0 ? null : Math.round((qaSum / qaN) * 10) / 10,
        qaDistribution,
        p95Ms: p95(all),
        topClients: clients.map((c) => ({ ...c, revenueCents: moneyClient.get(c.clientId)?.revenueCents ?? 0 })),
        days: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
      };
    },
  };
}
export type ReportFactsSource = ReturnType<typeof createReportFacts>;
