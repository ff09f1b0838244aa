import { sql } from 'drizzle-orm';
import type { Db } from '../../infra/db/open-database';
import { addRollupShares, setRollupTriggers } from './rollup-shares';
import { restoreAfterBulkLoad, setAsideForBulkLoad } from './bulk-load';

export interface LedgerShape {
  /** Tasks spread evenly over this many days ending at `end`. */
  days: number;
  end: Date;
  clients: number;
}

/**
 * Appends tasks `from`…`to - 1` to the job ledger through the real schema (the migrations' tables,
 * constraints, primary keys and foreign key), two attempt rows each, all generated server-side by
 * `insert … select … from generate_series`, one statement per half a million tasks writing both tables. Fast
 * because of two things that leave the result as the product's writes would: the secondary indexes of jobs
 * and job_attempts and the attempts' foreign key are dropped and rebuilt afterwards from their own catalog
 * definitions (bulk-load.ts: one sorted pass per index, one validating join for the foreign key, instead
 * of millions of random b-tree inserts and locking look-ups); the per-row rollup triggers are off and the new
 * rows' shares are added from a few grouped reads (rollup-shares.ts; the triggers are checked by
 * test/db/*-rollup.test.ts), after the tables are analyzed so those reads hash rather than sort. Statuses follow a
 * working platform: 90% done, 3% low QA, 5% failed (half of them transient), 1% cancelled, and the last 1%
 * in flight (queued or running, alternately, queued ones without a start or attempt rows) if created in the
 * five minutes before `end`, else done: as on a working platform, what is in flight follows the intake rate,
 * not the size of the history (a few dozen tasks at 10M over 30 days). Deterministic in the task number.
 */
/** Only tasks created this close to the end can still be queued or running (they take 2–59 s). */
const IN_FLIGHT_MS = 5 * 60_000;

export async function fillLedger(
  db: Db,
  shape: LedgerShape,
  from: number,
  to: number,
  /** Told each phase's seconds, for the fill rate the bench prints. */
  phase: (name: string, seconds: number) => void = () => undefined,
): Promise<void> {
  const step = 500_000;
  const id = (n: number) => 'task-' + String(n).padStart(9, '0');
  let t = performance.now();
  const done = (name: string) => {
    phase(name, (performance.now() - t) / 1000);
    t = performance.now();
  };
  const setAside = await setAsideForBulkLoad(db);
  await setRollupTriggers(db, false);
  try {
    await fillBatches(db, shape, from, to, step);
    done('rows');
    await db.execute(sql`analyze jobs, job_attempts`);
    await addRollupShares(db, id(from), id(to - 1));
    done('rollups');
  } finally {
    await setRollupTriggers(db, true);
    await restoreAfterBulkLoad(db, setAside);
    done('indexes and foreign key');
  }
  // As an operator's database is: vacuumed (visibility map, so index-only scans) and analyzed.
  await db.execute(sql`vacuum analyze`);
  done('vacuum');
}

async function fillBatches(db: Db, shape: LedgerShape, from: number, to: number, step: number) {
  const spanMs = shape.days * 86_400_000;
  const startMs = shape.end.getTime() - spanMs;
  const inFlightSince = sql`${new Date(shape.end.getTime() - IN_FLIGHT_MS).toISOString()}::timestamptz`;
  for (let lo = from; lo < to; lo += step) {
    const hi = Math.min(to, lo + step) - 1;
    // One statement per batch: each task's number, creation time and status are computed once (`s`, kept
    // by the statement) and both tables are written from them, so the attempt rows need no read of jobs.
    await db.execute(sql`
      with c as (
        select g, 'task-' || lpad(g::text, 9, '0') as id,
               to_timestamp((${startMs}::float8 + (g::bigint * 7919 % ${to})::float8 / ${to} * ${spanMs}) / 1000) as created
        from generate_series(${lo}::int, ${hi}::int) g
      ), s as (
        select g, id, created,
               case when g % 100 < 90 then 'done' when g % 100 < 93 then 'low_qa' when g % 100 < 98 then 'failed'
                    when g % 100 < 99 then 'cancelled' when created < ${inFlightSince} then 'done'
                    when g / 100 % 2 = 0 then 'queued' else 'running' end as st
        from c
      ), j as (
        insert into jobs (task_id, workflow_id, source, client_id, title, prompt, type, status, failure_type, failure_reason, qa_score,
                          model, input_tokens, output_tokens, cost_micro_usd, attempts, created_at, started_at, completed_at, updated_at)
        select id, id, case when g % 3 = 0 then 'notion' else 'api' end,
               'client-' || (g::bigint * 7919 % ${shape.clients}), 'Task ' || g, 'Write about ' || g, case when g % 10 = 0 then 'media' else 'text' end,
               st, case when st = 'failed' then (case when g % 2 = 0 then 'llm_unavailable' else 'invalid_task' end) end,
               case when st = 'failed' then 'failed in the bench' end, case when st in ('done', 'low_qa') then 60 + g % 41 end,
               'gpt-4o-mini', 400, 600, 300 + g % 700, 1, created, case when st <> 'queued' then created + interval '1 second' end,
               case when st in ('done', 'low_qa', 'failed', 'cancelled') then created + (2 + g % 58) * interval '1 second' end,
               created + (2 + g % 58) * interval '1 second'
        from s
      )
      insert into job_attempts (task_id, run, attempt, step, model, input_tokens, output_tokens, cost_micro_usd, qa_score, duration_ms, created_at)
      select id, 0, 1, a.step, 'gpt-4o-mini', 200, 300, (300 + g % 700) / 2,
             case when a.step = 'qa' and st in ('done', 'low_qa') then 60 + g % 41 end, 800, created + interval '1 second'
      from s cross join (values ('generate'), ('qa')) a(step) where st <> 'queued'`);
  }
}
