import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillLedger } from '../../bench/data-scale/fill-ledger';
import type { Database } from '../../infra/db/open-database';
import { sqlRows } from '../../infra/db/repositories/sql-rows';
import { openTestDatabase } from '../support/test-database';

/** Each rollup's rows (zero rows left out) and the same grouping computed from the ledger rows. */
const PAIRS = [
  [
    `select day::text || client_key, cost_micro_usd::bigint, tasks::bigint from job_cost_daily where tasks <> 0`,
    `select ((coalesce(completed_at, created_at) at time zone 'UTC')::date)::text || coalesce(client_id, '(none)'), sum(cost_micro_usd), count(*)
     from jobs group by 1`,
  ],
  [
    `select hour::text || type || status || failure_key, tasks::bigint, qa_sum::bigint from job_outcome_hourly where tasks <> 0`,
    `select utc_hour(completed_at)::text || type || status || coalesce(failure_type, ''), count(*), coalesce(sum(qa_score), 0)
     from jobs where completed_at is not null group by 1`,
  ],
  [
    `select hour::text || type || bucket::text, tasks::bigint, 0::bigint from job_latency_hourly where tasks <> 0`,
    `select utc_hour(completed_at)::text || type || (case when lat <= 1 then 0 else ceil(ln(lat) / ln(1.01::float8 / 0.99)) end)::text, count(*), 0
     from (select *, extract(epoch from (completed_at - coalesce(started_at, created_at)))::float8 * 1000 as lat from jobs
           where completed_at is not null and status in ('done', 'low_qa')) s group by 1`,
  ],
  [
    `select day::text || type || bucket::text, tasks::bigint, 0::bigint from job_latency_daily where tasks <> 0`,
    `select utc_day(completed_at)::text || type || (case when lat <= 1 then 0 else ceil(ln(lat) / ln(1.01::float8 / 0.99)) end)::text, count(*), 0
     from (select *, extract(epoch from (completed_at - coalesce(started_at, created_at)))::float8 * 1000 as lat from jobs
           where completed_at is not null and status in ('done', 'low_qa')) s group by 1`,
  ],
  [
    `select hour::text || client_id, tasks::bigint, cost_micro_usd::bigint from job_client_hourly where tasks <> 0`,
    `select utc_hour(completed_at)::text || client_id, count(*), sum(cost_micro_usd) from jobs
     where completed_at is not null and client_id is not null group by 1`,
  ],
  [
    `select hour::text, tasks::bigint, 0::bigint from job_intake_hourly where tasks <> 0`,
    `select utc_hour(created_at)::text, count(*), 0 from jobs group by 1`,
  ],
  [
    `select hour::text || model, steps::bigint, cost_micro_usd::bigint from attempt_cost_hourly where steps <> 0`,
    `select utc_hour(created_at)::text || model, count(*), sum(cost_micro_usd) from job_attempts group by 1`,
  ],
  // The 5-minute rollups, the same groupings per slot.
  [
    `select slot::text || type || status || failure_key, tasks::bigint, qa_sum::bigint from job_outcome_5min where tasks <> 0`,
    `select utc_5min(completed_at)::text || type || status || coalesce(failure_type, ''), count(*), coalesce(sum(qa_score), 0)
     from jobs where completed_at is not null group by 1`,
  ],
  [
    `select slot::text || type || bucket::text, tasks::bigint, 0::bigint from job_latency_5min where tasks <> 0`,
    `select utc_5min(completed_at)::text || type || (case when lat <= 1 then 0 else ceil(ln(lat) / ln(1.01::float8 / 0.99)) end)::text, count(*), 0
     from (select *, extract(epoch from (completed_at - coalesce(started_at, created_at)))::float8 * 1000 as lat from jobs
           where completed_at is not null and status in ('done', 'low_qa')) s group by 1`,
  ],
  [
    `select slot::text || client_id, tasks::bigint, cost_micro_usd::bigint from job_client_5min where tasks <> 0`,
    `select utc_5min(completed_at)::text || client_id, count(*), sum(cost_micro_usd) from jobs
     where completed_at is not null and client_id is not null group by 1`,
  ],
  [
    `select slot::text, tasks::bigint, 0::bigint from job_intake_5min where tasks <> 0`,
    `select utc_5min(created_at)::text, count(*), 0 from jobs group by 1`,
  ],
  [
    `select slot::text || model, steps::bigint, cost_micro_usd::bigint from attempt_cost_5min where steps <> 0`,
    `select utc_5min(created_at)::text || model, count(*), sum(cost_micro_usd) from job_attempts group by 1`,
  ],
] as const;

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
