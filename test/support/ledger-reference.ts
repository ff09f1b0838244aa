import { sql } from 'drizzle-orm';
import type { Db } from '../../infra/db/open-database';
import { num, sqlRows } from '../../infra/db/repositories/sql-rows';

/*
 * The window aggregates as they were defined before the hourly rollups: straight over the ledger rows
 * (exact percentile_cont). The rollup tests compare the repositories' answers with these.
 */
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const LATENCY_MS = sql.raw(`extract(epoch from (completed_at - coalesce(started_at, created_at))) * 1000`);

export async function latencyDirect(db: Db, since: Date, now: Date) {
  const rows = await sqlRows<{ type: string | null; n: unknown; p50: unknown; p95: unknown; p99: unknown }>(
    db,
    sql`select type, count(*) as n, percentile_cont(0.5) within group (order by ${LATENCY_MS}) as p50,
          percentile_cont(0.95) within group (order by ${LATENCY_MS}) as p95, percentile_cont(0.99) within group (order by ${LATENCY_MS}) as p99
        from jobs where status in ('done', 'low_qa') and completed_at > ${ts(since)} and completed_at <= ${ts(now)}
        group by grouping sets ((type), ())`,
  );
  return Object.fromEntries(
    rows.map((r) => [r.type ?? 'all', { count: Number(r.n), p50: num(r.p50), p95: num(r.p95), p99: num(r.p99) }]),
  );
}

/** Per hour in [since, now]: completed, failed, QA average, p95 (exact), attempt cost. */
export async function hourlyDirect(db: Db, since: Date, now: Date) {
  const rows = await sqlRows<{ h: unknown; completed: unknown; failed: unknown; qa: unknown; p95: unknown }>(
    db,
    sql`select floor(extract(epoch from completed_at) / 3600) as h, count(*) as completed, count(*) filter (where status = 'failed') as failed,
          avg(qa_score) filter (where status in ('done', 'low_qa') and qa_score is not null) as qa,
          percentile_cont(0.95) within group (order by ${LATENCY_MS}) filter (where status in ('done', 'low_qa')) as p95
        from jobs where status in ('done', 'low_qa', 'failed') and completed_at >= ${ts(since)} and completed_at <= ${ts(now)} group by 1`,
  );
  const cost = await sqlRows<{ h: unknown; cost: unknown }>(
    db,
    sql`select floor(extract(epoch from created_at) / 3600) as h, sum(cost_micro_usd) as cost
        from job_attempts where created_at >= ${ts(since)} and created_at <= ${ts(now)} group by 1`,
  );
  return {
    byHour: new Map(rows.map((r) => [Number(r.h), r])),
    costByHour: new Map(cost.map((r) => [Number(r.h), Number(r.cost)])),
  };
}

/** Over (since, now]: completed, failed, QA average and p95 (exact). */
export async function windowDirect(db: Db, since: Date, now: Date) {
  const [r] = await sqlRows<{ completed: unknown; failed: unknown; qa: unknown; p95: unknown }>(
    db,
    sql`select count(*) as completed, count(*) filter (where status = 'failed') as failed,
          avg(qa_score) filter (where status in ('done', 'low_qa') and qa_score is not null) as qa,
          percentile_cont(0.95) within group (order by ${LATENCY_MS}) filter (where status in ('done', 'low_qa')) as p95
        from jobs where status in ('done', 'low_qa', 'failed') and completed_at > ${ts(since)} and completed_at <= ${ts(now)}`,
  );
  const qa = num(r?.qa);
  return {
    completed: Number(r?.completed),
    failed: Number(r?.failed),
    qaAvg: qa === null ? null : Math.round(qa * 10) / 10,
    p95: num(r?.p95),
  };
}

/** The report data over [since, until): outcomes, created count, top clients, spend by model. */
export async function reportDirect(db: Db, since: Date, until: Date) {
  const outcomes = await sqlRows<{
    status: string;
    failure_type: string | null;
    n: unknown;
    qa_sum: unknown;
    qa_n: unknown;
  }>(
    db,
    sql`select status, failure_type, count(*) as n, sum(qa_score) as qa_sum, count(qa_score) as qa_n from jobs
        where status in ('done', 'low_qa', 'failed') and completed_at >= ${ts(since)} and completed_at < ${ts(until)}
        group by status, failure_type`,
  );
  const byStatus: Record<string, number> = { done: 0, low_qa: 0, failed: 0 };
  const failuresByType: Record<string, number> = {};
  let qaSum = 0;
  let qaN = 0;
  for (const r of outcomes) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + Number(r.n);
    if (r.status === 'failed')
      failuresByType[r.failure_type ?? 'unknown'] = (failuresByType[r.failure_type ?? 'unknown'] ?? 0) + Number(r.n);
    else {
      qaSum += Number(r.qa_sum ?? 0);
      qaN += Number(r.qa_n);
    }
  }
  const [created] = await sqlRows<{ n: unknown }>(
    db,
    sql`select count(*) as n from jobs where created_at >= ${ts(since)} and created_at < ${ts(until)}`,
  );
  const clients = await sqlRows<{ client_id: string; tasks: unknown; cost: unknown }>(
    db,
    sql`select client_id, count(*) as tasks, sum(cost_micro_usd) as cost from jobs
        where client_id is not null and completed_at >= ${ts(since)} and completed_at < ${ts(until)}
        group by client_id order by 3 desc, 1`,
  );
  const models = await sqlRows<{ model: string; steps: unknown; i: unknown; o: unknown; c: unknown }>(
    db,
    sql`select model, count(*) as steps, sum(input_tokens) as i, sum(output_tokens) as o, sum(cost_micro_usd) as c
        from job_attempts where created_at >= ${ts(since)} and created_at < ${ts(until)} group by model order by 5 desc, 1`,
  );
  return {
    outcomes: { byStatus, failuresByType, qaAvg: qaN === 0 ? null : Math.round((qaSum / qaN) * 10) / 10 },
    created: Number(created?.n),
    topClients: clients.map((r) => ({ clientId: r.client_id, tasks: Number(r.tasks), costMicroUsd: Number(r.cost) })),
    byModel: models.map((r) => ({
      model: r.model,
      steps: Number(r.steps),
      inputTokens: Number(r.i),
      outputTokens: Number(r.o),
      costMicroUsd: Number(r.c),
    })),
  };
}
