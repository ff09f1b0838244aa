import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../open-database';
import { edgeCondition, planWindowReads, wholeCondition, type WindowBounds } from './hour-window';
import { latencyRollupByDays } from './latency-days';
import { int, sqlRows } from './sql-rows';

/*
 * Window reads over the rollups (schema/rollups.ts, schema/five-minute-rollups.ts): the whole hours from
 * the hourly rollup, the partial hours at the edges as whole 5-minute slots, and the partial slots from
 * the ledger rows themselves, with the same definitions, in one statement. Their cost is the window's
 * hours × keys, about twelve slots × keys, and at most about five minutes of ledger rows.
 */

const DELIVERED = sql.raw(`('done', 'low_qa')`);
/** The trigger's bucket expression (migration *_hourly_rollups_sql), on a latency in ms. */
const bucketOf = (lat: SQL) => sql`case when ${lat} <= 1 then 0 else ceil(ln(${lat}) / ln(1.01::float8 / 0.99)) end`;
const hourNo = (col: SQL) => sql`floor(extract(epoch from ${col}) / 3600)::int`;

/** How far retention has archived rows of `jobs` or `job_attempts` (attempts go with their tasks too). */
async function archivedBefore(db: Db, table: 'jobs' | 'job_attempts'): Promise<Date | undefined> {
  const [r] = await sqlRows<{ t: string | Date | null }>(
    db,
    table === 'jobs'
      ? sql`select tasks_before as t from ledger_archive_mark where id = 1`
      : sql`select greatest(tasks_before, attempts_before) as t from ledger_archive_mark where id = 1`,
  );
  return r?.t ? new Date(r.t) : undefined;
}

/** A rollup's grain: its table suffix and time column. */
interface Grain {
  table: (base: string) => SQL;
  time: SQL;
}
const HOURLY: Grain = { table: (base) => sql.raw(`${base}_hourly`), time: sql`"hour"` };
const SLOTS: Grain = { table: (base) => sql.raw(`${base}_5min`), time: sql`slot` };

/**
 * Union of the whole hours, the edges' whole 5-minute slots and the signed partial slots read from
 * `table`, summed per key. `rollup` selects the grain's rows in `whole` (the hours, or the slots) times
 * `sign`; `edge` the ledger rows matching `cond` times `sign`.
 */
async function windowUnion(
  db: Db,
  table: 'jobs' | 'job_attempts',
  b: WindowBounds,
  rollup: (grain: Grain, cond: SQL, sign: number, whole: { from: Date; to: Date } | null) => SQL,
  edge: (cond: (col: SQL) => SQL, sign: number) => SQL,
): Promise<SQL> {
  const reads = planWindowReads(b, { present: Date.now(), archivedBefore: await archivedBefore(db, table) });
  const parts = [rollup(HOURLY, wholeCondition(HOURLY.time, reads.hours), 1, reads.hours)];
  for (const s of reads.slots) parts.push(rollup(SLOTS, wholeCondition(SLOTS.time, s), s.sign, s));
  for (const e of reads.edges) parts.push(edge((col) => edgeCondition(col, e), e.sign));
  return sql.join(parts, sql` union all `);
}

export type LatencyKey = 'type' | 'hour' | 'none';

/** Latency histogram counts of delivered tasks completed in the window, per key and bucket. */
export async function latencyCounts(db: Db, b: WindowBounds, key: LatencyKey) {
  const rk = (g: Grain) => (key === 'type' ? sql`type` : key === 'hour' ? hourNo(g.time) : sql`''`);
  const jk = key === 'type' ? sql`type` : key === 'hour' ? hourNo(sql`utc_hour(completed_at)`) : sql`''`;
  const union = await windowUnion(
    db,
    'jobs',
    b,
    // Per type or in total, whole days come from the daily histogram (per hour only hours serve).
    (g, cond, sign, whole) =>
      key !== 'hour' && g === HOURLY && whole
        ? latencyRollupByDays(whole, rk(g))
        : sql`select ${rk(g)} as k, bucket::int as bucket, ${sign}::int * tasks as n from ${g.table('job_latency')} where ${cond}`,
    (cond, sign) =>
      sql`select k, ${bucketOf(sql`lat`)} as bucket, ${sign}::int as n from (
            select ${jk} as k, extract(epoch from (completed_at - coalesce(started_at, created_at)))::float8 * 1000 as lat
            from jobs where status in ${DELIVERED} and ${cond(sql`completed_at`)}) e`,
  );
  const rows = await sqlRows<{ k: string | number; bucket: unknown; n: unknown }>(
    db,
    sql`select k, bucket, sum(n) as n from (${union}) u group by k, bucket having sum(n) <> 0`,
  );
  return rows.map((r) => ({ key: String(r.k), bucket: int(r.bucket), n: int(r.n) }));
}

/** Finished tasks completed in the window per key (hour or none), status and failure type. */
export async function outcomeCounts(db: Db, b: WindowBounds, key: 'hour' | 'none', statuses: string[]) {
  const st = sql.join(
    statuses.map((s) => sql`${s}`),
    sql`, `,
  );
  const rk = (g: Grain) => (key === 'hour' ? hourNo(g.time) : sql`''`);
  const jk = key === 'hour' ? hourNo(sql`utc_hour(completed_at)`) : sql`''`;
  const union = await windowUnion(
    db,
    'jobs',
    b,
    (g, cond, sign) =>
      sql`select ${rk(g)} as k, status, failure_key, ${sign}::int * tasks as tasks, ${sign}::int * qa_sum as qa_sum,
            ${sign}::int * qa_count as qa_count from ${g.table('job_outcome')} where status in (${st}) and ${cond}`,
    (cond, sign) =>
      sql`select ${jk} as k, status, coalesce(failure_type, '') as failure_key, ${sign}::int as tasks,
            ${sign}::int * coalesce(qa_score, 0)::bigint as qa_sum, case when qa_score is null then 0 else ${sign}::int end as qa_count
          from jobs where status in (${st}) and ${cond(sql`completed_at`)}`,
  );
  const rows = await sqlRows<{ k: unknown; status: string; failure_key: string; n: unknown; qs: unknown; qn: unknown }>(
    db,
    sql`select k, status, failure_key, sum(tasks) as n, sum(qa_sum) as qs, sum(qa_count) as qn from (${union}) u
        group by k, status, failure_key having sum(tasks) <> 0`,
  );
  return rows.map((r) => ({
    key: String(r.k),
    status: r.status,
    failureType: r.failure_key === '' ? null : r.failure_key,
    tasks: int(r.n),
    qaSum: int(r.qs),
    qaCount: int(r.qn),
  }));
}

/** Attempt rows, tokens and cost recorded in the window per model or per hour. */
export async function attemptCostSums(db: Db, b: WindowBounds, key: 'model' | 'hour') {
  const rk = (g: Grain) => (key === 'model' ? sql`model` : hourNo(g.time));
  const ak = key === 'model' ? sql`model` : hourNo(sql`utc_hour(created_at)`);
  const union = await windowUnion(
    db,
    'job_attempts',
    b,
    (g, cond, sign) =>
      sql`select ${rk(g)} as k, ${sign}::int * steps as steps, ${sign}::int * input_tokens as input_tokens,
            ${sign}::int * output_tokens as output_tokens, ${sign}::int * cost_micro_usd as cost_micro_usd
          from ${g.table('attempt_cost')} where ${cond}`,
    (cond, sign) =>
      sql`select ${ak} as k, ${sign}::int as steps, ${sign}::int * input_tokens::bigint, ${sign}::int * output_tokens::bigint,
            ${sign}::int * cost_micro_usd from job_attempts where ${cond(sql`created_at`)}`,
  );
  const rows = await sqlRows<{ k: unknown; steps: unknown; i: unknown; o: unknown; c: unknown }>(
    db,
    sql`select k, sum(steps) as steps, sum(input_tokens) as i, sum(output_tokens) as o, sum(cost_micro_usd) as c
        from (${union}) u group by k having sum(steps) <> 0 order by 5 desc, 1`,
  );
  return rows.map((r) => ({
    key: String(r.k),
    steps: int(r.steps),
    inputTokens: int(r.i),
    outputTokens: int(r.o),
    costMicroUsd: int(r.c),
  }));
}

/** Tasks (with a client) completed in the window and their cost, per client, most spent first. */
export async function clientSums(db: Db, b: WindowBounds, limit: number) {
  const union = await windowUnion(
    db,
    'jobs',
    b,
    (g, cond, sign) =>
      sql`select client_id, ${sign}::int * tasks as tasks, ${sign}::int * cost_micro_usd as cost_micro_usd
          from ${g.table('job_client')} where ${cond}`,
    (cond, sign) =>
      sql`select client_id, ${sign}::int, ${sign}::int * cost_micro_usd from jobs where client_id is not null and ${cond(sql`completed_at`)}`,
  );
  const rows = await sqlRows<{ client_id: string; tasks: unknown; cost: unknown }>(
    db,
    sql`select client_id, sum(tasks) as tasks, sum(cost_micro_usd) as cost from (${union}) u
        group by client_id having sum(tasks) <> 0 order by 3 desc, 1 limit ${limit}`,
  );
  return rows.map((r) => ({ clientId: r.client_id, tasks: int(r.tasks), costMicroUsd: int(r.cost) }));
}

/** Tasks created in the window. */
export async function createdCount(db: Db, b: WindowBounds): Promise<number> {
  const union = await windowUnion(
    db,
    'jobs',
    b,
    (g, cond, sign) => sql`select ${sign}::int * tasks as tasks from ${g.table('job_intake')} where ${cond}`,
    (cond, sign) => sql`select ${sign}::int * count(*)::int from jobs where ${cond(sql`created_at`)}`,
  );
  const [r] = await sqlRows<{ n: unknown }>(db, sql`select coalesce(sum(tasks), 0) as n from (${union}) u`);
  return int(r?.n);
}
