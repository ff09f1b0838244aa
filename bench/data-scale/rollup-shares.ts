import { sql } from 'drizzle-orm';
import type { Db } from '../../infra/db/open-database';

/** The per-row rollup triggers the bulk fill switches off, and on again afterwards. */
const TRIGGERS = [
  ['jobs', 'jobs_cost_daily'],
  ['jobs', 'jobs_hourly_rollups'],
  ['job_attempts', 'job_attempts_cost_hourly'],
] as const;

export async function setRollupTriggers(db: Db, on: boolean): Promise<void> {
  for (const [table, trigger] of TRIGGERS)
    await db.execute(sql.raw(`alter table ${table} ${on ? 'enable' : 'disable'} trigger ${trigger}`));
}

const LATENCY_BUCKET = sql.raw(`case when lat <= 1 then 0 else ceil(ln(lat) / ln(1.01::float8 / 0.99)) end`);

/**
 * Adds the shares of the tasks `lo`…`hi` (task ids, and their attempt rows) to the rollups: the same sums
 * the per-row triggers add (the migrations' backfill statements, restricted to the new rows), at a
 * fraction of the cost for millions of generated rows. The new tasks are read twice, not once per rollup:
 * once grouped by everything the task rollups key on but the latency bucket (completion and creation
 * 5-minute slot, client, type, status, failure type: a few hundred thousand groups however many tasks), once
 * into the 5-minute latency histogram; each rollup is then summed from those (hours and days from slots).
 * Written in time order, as the triggers write them while the hours pass.
 */
export async function addRollupShares(db: Db, lo: string, hi: string): Promise<void> {
  const batch = sql`task_id between ${lo} and ${hi}`;
  // The planner cannot tell how few groups a range of tasks falls into and would sort: hash in memory.
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local work_mem = '512MB'`);
    await tx.execute(sql`
      create temp table fill_tasks on commit drop as
      select utc_5min(completed_at) as done_slot, utc_5min(created_at) as created_slot, client_id, type, status,
             coalesce(failure_type, '') as failure_key, count(*) as tasks, sum(cost_micro_usd) as cost,
             coalesce(sum(qa_score), 0) as qa_sum, count(qa_score) as qa_count
      from jobs where ${batch} group by 1, 2, 3, 4, 5, 6`);
    await tx.execute(sql`
      create temp table fill_latency on commit drop as
      select utc_5min(completed_at) as slot, type, ${LATENCY_BUCKET} as bucket, count(*) as tasks
      from (select completed_at, type, extract(epoch from (completed_at - coalesce(started_at, created_at)))::float8 * 1000 as lat
            from jobs where ${batch} and completed_at is not null and status in ('done', 'low_qa')) s
      group by 1, 2, 3`);
    await tx.execute(sql`
      insert into job_cost_daily as t (day, client_key, cost_micro_usd, tasks)
      select (coalesce(done_slot, created_slot) at time zone 'UTC')::date, coalesce(client_id, '(none)'), sum(cost), sum(tasks)
      from fill_tasks group by 1, 2 order by 1, 2
      on conflict (day, client_key) do update set cost_micro_usd = t.cost_micro_usd + excluded.cost_micro_usd, tasks = t.tasks + excluded.tasks`);
    await tx.execute(sql`
      insert into job_outcome_hourly as t (hour, type, status, failure_key, tasks, qa_sum, qa_count)
      select utc_hour(done_slot), type, status, failure_key, sum(tasks), sum(qa_sum), sum(qa_count)
      from fill_tasks where done_slot is not null group by 1, 2, 3, 4 order by 1, 2, 3, 4
      on conflict (hour, type, status, failure_key) do update
      set tasks = t.tasks + excluded.tasks, qa_sum = t.qa_sum + excluded.qa_sum, qa_count = t.qa_count + excluded.qa_count`);
    await tx.execute(sql`
      insert into job_outcome_5min as t (slot, type, status, failure_key, tasks, qa_sum, qa_count)
      select done_slot, type, status, failure_key, sum(tasks), sum(qa_sum), sum(qa_count)
      from fill_tasks where done_slot is not null group by 1, 2, 3, 4 order by 1, 2, 3, 4
      on conflict (slot, type, status, failure_key) do update
      set tasks = t.tasks + excluded.tasks, qa_sum = t.qa_sum + excluded.qa_sum, qa_count = t.qa_count + excluded.qa_count`);
    await tx.execute(sql`
      insert into job_latency_5min as t (slot, type, bucket, tasks) select slot, type, bucket, tasks from fill_latency order by 1, 2, 3
      on conflict (slot, type, bucket) do update set tasks = t.tasks + excluded.tasks`);
    await tx.execute(sql`
      insert into job_latency_hourly as t (hour, type, bucket, tasks)
      select utc_hour(slot), type, bucket, sum(tasks) from fill_latency group by 1, 2, 3 order by 1, 2, 3
      on conflict (hour, type, bucket) do update set tasks = t.tasks + excluded.tasks`);
    await tx.execute(sql`
      insert into job_latency_daily as t (day, type, bucket, tasks)
      select utc_day(slot), type, bucket, sum(tasks) from fill_latency group by 1, 2, 3 order by 1, 2, 3
      on conflict (day, type, bucket) do update set tasks = t.tasks + excluded.tasks`);
    await tx.execute(sql`
      insert into job_client_hourly as t (hour, client_id, tasks, cost_micro_usd)
      select utc_hour(done_slot), client_id, sum(tasks), sum(cost)
      from fill_tasks where done_slot is not null and client_id is not null group by 1, 2 order by 1, 2
      on conflict (hour, client_id) do update set tasks = t.tasks + excluded.tasks, cost_micro_usd = t.cost_micro_usd + excluded.cost_micro_usd`);
    await tx.execute(sql`
      insert into job_client_5min as t (slot, client_id, tasks, cost_micro_usd)
      select done_slot, client_id, sum(tasks), sum(cost)
      from fill_tasks where done_slot is not null and client_id is not null group by 1, 2 order by 1, 2
      on conflict (slot, client_id) do update set tasks = t.tasks + excluded.tasks, cost_micro_usd = t.cost_micro_usd + excluded.cost_micro_usd`);
    await tx.execute(sql`
      insert into job_intake_hourly as t (hour, tasks) select utc_hour(created_slot), sum(tasks) from fill_tasks group by 1 order by 1
      on conflict (hour) do update set tasks = t.tasks + excluded.tasks`);
    await tx.execute(sql`
      insert into job_intake_5min as t (slot, tasks) select created_slot, sum(tasks) from fill_tasks group by 1 order by 1
      on conflict (slot) do update set tasks = t.tasks + excluded.tasks`);
    await tx.execute(sql`
      create temp table fill_attempts on commit drop as
      select utc_5min(created_at) as slot, model, count(*) as steps, sum(input_tokens) as i, sum(output_tokens) as o,
             sum(cost_micro_usd) as c
      from job_attempts where ${batch} group by 1, 2`);
    await tx.execute(sql`
      insert into attempt_cost_hourly as t (hour, model, steps, input_tokens, output_tokens, cost_micro_usd)
      select utc_hour(slot), model, sum(steps), sum(i), sum(o), sum(c) from fill_attempts group by 1, 2 order by 1, 2
      on conflict (hour, model) do update set steps = t.steps + excluded.steps, input_tokens = t.input_tokens + excluded.input_tokens,
        output_tokens = t.output_tokens + excluded.output_tokens, cost_micro_usd = t.cost_micro_usd + excluded.cost_micro_usd`);
    await tx.execute(sql`
      insert into attempt_cost_5min as t (slot, model, steps, input_tokens, output_tokens, cost_micro_usd)
      select slot, model, steps, i, o, c from fill_attempts order by 1, 2
      on conflict (slot, model) do update set steps = t.steps + excluded.steps, input_tokens = t.input_tokens + excluded.input_tokens,
        output_tokens = t.output_tokens + excluded.output_tokens, cost_micro_usd = t.cost_micro_usd + excluded.cost_micro_usd`);
  });
}
