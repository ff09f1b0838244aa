import { sql } from 'drizzle-orm';
import type { HourBucket } from '../../../domain/predictive';
import type { LatencySummary } from '../../../domain/reports';
import type { Db } from '../open-database';
import { int, num, sqlRows } from './sql-rows';

/** Processing latency of a run: its start to its completion (a replay's own run, not the first one). */
const LATENCY_MS = sql.raw(`extract(epoch from (completed_at - coalesce(started_at, created_at))) * 1000`);
const DELIVERED = sql.raw(`status in ('done', 'low_qa')`);
const FINISHED = sql.raw(`status in ('done', 'low_qa', 'failed')`);
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

export const P95_WINDOWS = { '1h': 1, '24h': 24, '7d': 24 * 7 } as const;
export type P95Window = keyof typeof P95_WINDOWS;

/** Read-only aggregates over the job ledger for p95, predictive alerts, the auto-operator and reports. */
export function createLedgerMetrics(db: Db) {
  return {
    /** p50/p95/p99 of delivered tasks per task type and in total (`all`) for one window. */
    async latency(now: Date, hours: number): Promise<Record<string, LatencySummary>> {
      const since = new Date(now.getTime() - hours * 3_600_000);
      const rows = await sqlRows<{ type: string | null; n: unknown; p50: unknown; p95: unknown; p99: unknown }>(
        db,
        sql`select type, count(*) as n,
              percentile_cont(0.5) within group (order by ${LATENCY_MS}) as p50,
              percentile_cont(0.95) within group (order by ${LATENCY_MS}) as p95,
              percentile_cont(0.99) within group (order by ${LATENCY_MS}) as p99
            from jobs where ${DELIVERED} and completed_at > ${ts(since)} and completed_at <= ${ts(now)}
            group by grouping sets ((type), ())`,
      );
      const out: Record<string, LatencySummary> = { all: { count: 0, p50Ms: null, p95Ms: null, p99Ms: null } };
      for (const r of rows) {
        const round = (v: unknown) => (num(v) === null ? null : Math.round(num(v)!));
        out[r.type ?? 'all'] = { count: int(r.n), p50Ms: round(r.p50), p95Ms: round(r.p95), p99Ms: round(r.p99) };
      }
      return out;
    },

    /** `hours` hourly buckets ending with the current (partial) hour, oldest first. */
    async hourly(now: Date, hours: number): Promise<HourBucket[]> {
      const nowHour = Math.floor(now.getTime() / 3_600_000);
      const since = new Date((nowHour - hours + 1) * 3_600_000);
      const jobRows = await sqlRows<{ h: unknown; completed: unknown; failed: unknown; qa: unknown; p95: unknown }>(
        db,
        sql`select floor(extract(epoch from completed_at) / 3600) as h, count(*) as completed,
              count(*) filter (where status = 'failed') as failed,
              avg(qa_score) filter (where ${DELIVERED} and qa_score is not null) as qa,
              percentile_cont(0.95) within group (order by ${LATENCY_MS}) filter (where ${DELIVERED}) as p95
            from jobs where ${FINISHED} and completed_at >= ${ts(since)} and completed_at <= ${ts(now)} group by 1`,
      );
      const costRows = await sqlRows<{ h: unknown; cost: unknown }>(
        db,
        sql`select floor(extract(epoch from created_at) / 3600) as h, sum(cost_micro_usd) as cost
            from job_attempts where created_at >= ${ts(since)} and created_at <= ${ts(now)} group by 1`,
      );
      const byHour = new Map(jobRows.map((r) => [int(r.h), r]));
      const costByHour = new Map(costRows.map((r) => [int(r.h), int(r.cost)]));
      return Array.from({ length: hours }, (_, i) => {
        const h = nowHour - hours + 1 + i;
        const r = byHour.get(h);
        const qa = num(r?.qa);
        const p95 = num(r?.p95);
        return {
          hourStart: new Date(h * 3_600_000).toISOString(),
          completed: int(r?.completed),
          failed: int(r?.failed),
          qaAvg: qa === null ? null : Math.round(qa * 10) / 10,
          costMicroUsd: costByHour.get(h) ?? 0,
          p95Ms: p95 === null ? null : Math.round(p95),
        };
      });
    },

    /** Completed/failed counts, QA average and p95 over the last `hours`. */
    async window(now: Date, hours: number) {
      const since = new Date(now.getTime() - hours * 3_600_000);
      const [r] = await sqlRows<{ completed: unknown; failed: unknown; qa: unknown; p95: unknown }>(
        db,
        sql`select count(*) as completed, count(*) filter (where status = 'failed') as failed,
              avg(qa_score) filter (where ${DELIVERED} and qa_score is not null) as qa,
              percentile_cont(0.95) within group (order by ${LATENCY_MS}) filter (where ${DELIVERED}) as p95
            from jobs where ${FINISHED} and completed_at > ${ts(since)} and completed_at <= ${ts(now)}`,
      );
      const qa = num(r?.qa);
      const p95 = num(r?.p95);
      return {
        completed: int(r?.completed),
        failed: int(r?.failed),
        qaAvg: qa === null ? null : Math.round(qa * 10) / 10,
        p95Ms: p95 === null ? null : Math.round(p95),
      };
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
