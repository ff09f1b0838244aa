import { sql } from 'drizzle-orm';
import {
  histogramCount,
  histogramPercentiles,
  mergeInto,
  type LatencyHistogram,
} from '../../../domain/latency-histogram';
import type { HourBucket } from '../../../domain/predictive';
import type { LatencySummary } from '../../../domain/reports';
import type { Db } from '../open-database';
import { attemptCostSums, latencyCounts, outcomeCounts } from './hourly-rollup-reads';
import { int, sqlRows } from './sql-rows';

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const HOUR_MS = 3_600_000;

export const P95_WINDOWS = { '1h': 1, '24h': 24, '7d': 24 * 7 } as const;
export type P95Window = keyof typeof P95_WINDOWS;

const round = (v: number | null) => (v === null ? null : Math.round(v));
const qaAvg = (sum: number, n: number) => (n === 0 ? null : Math.round((sum / n) * 10) / 10);
const p95Of = (h: LatencyHistogram | undefined) => (h ? round(histogramPercentiles(h, [0.95])[0]!) : null);

/** Completed (done, low_qa, failed) and failed counts and QA average (delivered tasks) of outcome rows. */
function outcomeTotals(rows: { status: string; tasks: number; qaSum: number; qaCount: number }[]) {
  let completed = 0;
  let failed = 0;
  let qaSum = 0;
  let qaN = 0;
  for (const r of rows) {
    completed += r.tasks;
    if (r.status === 'failed') failed += r.tasks;
    else {
      qaSum += r.qaSum;
      qaN += r.qaCount;
    }
  }
  return { completed, failed, qaAvg: qaAvg(qaSum, qaN) };
}

/**
 * Read-only aggregates over the job ledger for p95, predictive alerts, the auto-operator and reports.
 * Windowed counts and percentiles come from the hourly rollups (hourly-rollup-reads.ts): counts and QA
 * averages equal the ledger's; latency percentiles are within 1% of percentile_cont over the same rows
 * (domain/latency-histogram.ts), so their cost is the window's hours, not its rows.
 */
export function createLedgerMetrics(db: Db) {
  const finishedIn = (since: Date, now: Date, sinceIncluded: boolean) =>
    outcomeCounts(db, { since, until: now, sinceIncluded, untilIncluded: true }, 'none', ['done', 'low_qa', 'failed']);
  return {
    /** p50/p95/p99 of delivered tasks completed in (now - hours, now], per task type and in total (`all`). */
    async latency(now: Date, hours: number): Promise<Record<string, LatencySummary>> {
      const since = new Date(now.getTime() - hours * HOUR_MS);
      const rows = await latencyCounts(db, { since, until: now, sinceIncluded: false, untilIncluded: true }, 'type');
      const byType = new Map<string, LatencyHistogram>([['all', new Map()]]);
      for (const r of rows) {
        mergeInto(byType.get('all')!, r.bucket, r.n);
        mergeInto(byType.get(r.key) ?? byType.set(r.key, new Map()).get(r.key)!, r.bucket, r.n);
      }
      const out: Record<string, LatencySummary> = {};
      for (const [type, h] of byType) {
        const [p50, p95, p99] = histogramPercentiles(h, [0.5, 0.95, 0.99]).map(round);
        out[type] = { count: histogramCount(h), p50Ms: p50!, p95Ms: p95!, p99Ms: p99! };
      }
      return out;
    },

    /** `hours` hourly buckets ending with the current (partial) hour, oldest first. */
    async hourly(now: Date, hours: number): Promise<HourBucket[]> {
      const nowHour = Math.floor(now.getTime() / HOUR_MS);
      const since = new Date((nowHour - hours + 1) * HOUR_MS);
      const b = { since, until: now, sinceIncluded: true, untilIncluded: true };
      const [outcomes, lat, cost] = await Promise.all([
        outcomeCounts(db, b, 'hour', ['done', 'low_qa', 'failed']),
        latencyCounts(db, b, 'hour'),
        attemptCostSums(db, b, 'hour'),
      ]);
      const latByHour = new Map<number, LatencyHistogram>();
      for (const r of lat) {
        const h = Number(r.key);
        mergeInto(latByHour.get(h) ?? latByHour.set(h, new Map()).get(h)!, r.bucket, r.n);
      }
      const costByHour = new Map(cost.map((r) => [Number(r.key), r.costMicroUsd]));
      return Array.from({ length: hours }, (_, i) => {
        const h = nowHour - hours + 1 + i;
        const t = outcomeTotals(outcomes.filter((r) => Number(r.key) === h));
        return {
          hourStart: new Date(h * HOUR_MS).toISOString(),
          completed: t.completed,
          failed: t.failed,
          qaAvg: t.qaAvg,
          costMicroUsd: costByHour.get(h) ?? 0,
          p95Ms: p95Of(latByHour.get(h)),
        };
      });
    },

    /** Completed/failed counts, QA average and p95 over (now - hours, now]. */
    async window(now: Date, hours: number) {
      const since = new Date(now.getTime() - hours * HOUR_MS);
      const [outcomes, lat] = await Promise.all([
        finishedIn(since, now, false),
        latencyCounts(db, { since, until: now, sinceIncluded: false, untilIncluded: true }, 'none'),
      ]);
      const h: LatencyHistogram = new Map();
      for (const r of lat) mergeInto(h, r.bucket, r.n);
      return { ...outcomeTotals(outcomes), p95Ms: p95Of(h.size ? h : undefined) };
    },

    /** Tasks waiting to run. */
    async backlog(now: Date): Promise<{ queued: number; oldestQueuedSeconds: number | null }> {
      const [r] = await sqlRows<{ n: unknown; oldest: unknown }>(
        db,
        sql`select count(*) as n, min(updated_at) as oldest from jobs where status = 'queued'`,
      );
      const oldest = r?.oldest ? new Date(r.oldest as string) : undefined;
      return {
        queued: int(r?.n),
        oldestQueuedSeconds: oldest ? Math.max(0, Math.round((now.getTime() - oldest.getTime()) / 1000)) : null,
      };
    },

    /** Tasks waiting and in progress now (the application metrics' queue depth gauge). */
    async queueDepth(): Promise<{ queued: number; running: number }> {
      const [r] = await sqlRows<{ queued: unknown; running: unknown }>(
        db,
        sql`select count(*) filter (where status = 'queued') as queued, count(*) filter (where status = 'running') as running from jobs where status in ('queued', 'running')`,
      );
      return { queued: int(r?.queued), running: int(r?.running) };
    },

    /** Ledger rows that claim to be queued/running but have not moved for `minutes`. */
    async staleInFlight(now: Date, minutes: number, limit: number) {
      const before = new Date(now.getTime() - minutes * 60_000);
      const rows = await sqlRows<{
        task_id: string;
        workflow_id: string;
        status: string;
        updated_at: unknown;
        replay_count: number;
        client_id: string | null;
      }>(
        db,
        sql`select task_id, workflow_id, status, updated_at, replay_count, client_id from jobs
            where status in ('queued', 'running') and updated_at < ${ts(before)} order by updated_at limit ${limit}`,
      );
      return rows.map((r) => ({
        taskId: r.task_id,
        workflowId: r.workflow_id,
        status: r.status,
        updatedAt: new Date(r.updated_at as string),
        run: Number(r.replay_count),
        clientId: r.client_id,
      }));
    },
  };
}
export type LedgerMetrics = ReturnType<typeof createLedgerMetrics>;
