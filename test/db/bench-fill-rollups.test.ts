import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillLedger } from '../../bench/data-scale/fill-ledger';
import type { Database } from '../../infra/db/open-database';
import { sqlRows } from '../../infra/db/repositories/sql-rows';
import { openTestDatabase } from '../support/test-database';

const LATENCY_BUCKET = `(case when lat <= 1 then 0 else ceil(ln(lat) / ln(1.01::float8 / 0.99)) end)::text`;
const DELIVERED = `(select *, extract(epoch from (completed_at - coalesce(started_at, created_at)))::float8 * 1000 as lat from jobs
  where completed_at is not null and status in ('done', 'low_qa')) s`;

/** A latency histogram's rows (time column `col`, grouped by `fn`) and the same grouping from the ledger. */
const latencyPair = (table: string, col: string, fn: string) =>
  [
    `select ${col}::text || type || bucket::text, tasks::bigint, 0::bigint from ${table} where tasks <> 0`,
    `select ${fn}(completed_at)::text || type || ${LATENCY_BUCKET}, count(*), 0 from ${DELIVERED} group by 1`,
  ] as const;

/** The five rollups of one grain (`hourly` by `hour`, `5min` by `slot`) against grouping by `fn`. */
const grainPairs = (suffix: string, col: string, fn: string) => [
  [
    `select ${col}::text || type || status || failure_key, tasks::bigint, qa_sum::bigint from job_outcome_${suffix} where tasks <> 0`,
    `select ${fn}(completed_at)::text || type || status || coalesce(failure_type, ''), count(*), coalesce(sum(qa_score), 0)
     from jobs where completed_at is not null group by 1`,
  ] as const,
  latencyPair(`job_latency_${suffix}`, col, fn),
  [
    `select ${col}::text || client_id, tasks::bigint, cost_micro_usd::bigint from job_client_${suffix} where tasks <> 0`,
    `select ${fn}(completed_at)::text || client_id, count(*), sum(cost_micro_usd) from jobs
     where completed_at is not null and client_id is not null group by 1`,
  ] as const,
  [
    `select ${col}::text, tasks::bigint, 0::bigint from job_intake_${suffix} where tasks <> 0`,
    `select ${fn}(created_at)::text, count(*), 0 from jobs group by 1`,
  ] as const,
  [
    `select ${col}::text || model, steps::bigint, cost_micro_usd::bigint from attempt_cost_${suffix} where steps <> 0`,
    `select ${fn}(created_at)::text || model, count(*), sum(cost_micro_usd) from job_attempts group by 1`,
  ] as const,
];

/** Each rollup's rows (zero rows left out) and the same grouping computed from the ledger rows. */
const PAIRS = [
  [
    `select day::text || client_key, cost_micro_usd::bigint, tasks::bigint from job_cost_daily where tasks <> 0`,
    `select ((coalesce(completed_at, created_at) at time zone 'UTC')::date)::text || coalesce(client_id, '(none)'), sum(cost_micro_usd), count(*)
     from jobs group by 1`,
  ] as const,
  ...grainPairs('hourly', 'hour', 'utc_hour'),
  latencyPair('job_latency_daily', 'day', 'utc_day'),
  ...grainPairs('5min', 'slot', 'utc_5min'),
];

describe('data-scale bench fill', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database.close());

  it('leaves every rollup as the per-row triggers would, and the triggers on again', async () => {
    const db = database.db;
    await fillLedger(db, { days: 3, end: new Date(), clients: 7 }, 0, 1500);
    await fillLedger(db, { days: 3, end: new Date(), clients: 7 }, 1500, 3000);
    const rows = async (q: string) =>
      (
        await sqlRows<{ k: string; a: unknown; b: unknown }>(db, sql.raw(`select * from (${q}) x(k, a, b) order by 1`))
      ).map((r) => [r.k, Number(r.a), Number(r.b)]);
    for (const [rollup, direct] of PAIRS) expect(await rows(rollup), rollup).toEqual(await rows(direct));
    const [t] = await sqlRows<{ n: unknown }>(
      db,
      sql`select count(*) as n from pg_trigger where tgname in ('jobs_cost_daily', 'jobs_hourly_rollups', 'job_attempts_cost_hourly') and tgenabled = 'O'`,
    );
    expect(Number(t!.n)).toBe(3);
  });
});
