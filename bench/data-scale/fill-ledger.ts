import { sql } from 'drizzle-orm';
import type { Db } from '../../infra/db/open-database';
import { addRollupShares, setRollupTriggers } from './rollup-shares';

export interface LedgerShape {
  /** Tasks spread evenly over this many days ending at `end`. */
  days: number;
  end: Date;
  clients: number;
}

/**
 * Appends tasks `from`…`to - 1` to the job ledger through the real schema, two attempt rows each. The
 * rollups get each batch's shares in one grouped statement per rollup (rollup-shares.ts) with the
 * per-row triggers off meanwhile: on 2 shared cores they made a million tasks take most of an hour,
 * and what they add is the same (test/db/*-rollup.test.ts check the triggers). Statuses follow a working platform: 90% done, 3% low QA, 5% failed
 * (half of them transient), 1% cancelled, the rest queued or running. Deterministic in the task number.
 */
export async function fillLedger(db: Db, shape: LedgerShape, from: number, to: number): Promise<void> {
  const step = 200_000;
  await setRollupTriggers(db, false);
  try {
    await fillBatches(db, shape, from, to, step);
  } finally {
    await setRollupTriggers(db, true);
  }
  // As an operator's database is: vacuumed and analyzed.
  await db.execute(sql`vacuum analyze`);
}

async function fillBatches(db: Db, shape: LedgerShape, from: number, to: number, step: number) {
  const spanMs = shape.days * 86_400_000;
  const startMs = shape.end.getTime() - spanMs;
  for (let lo = from; lo < to; lo += step) {
    const hi = Math.min(to, lo + step) - 1;
    await db.execute(sql`
      insert into jobs (task_id, workflow_id, source, client_id, title, prompt, type, status, failure_type, failure_reason, qa_score,
                        model, input_tokens, output_tokens, cost_micro_usd, attempts, created_at, started_at, completed_at, updated_at)
      select 'task-' || lpad(g::text, 9, '0'), 'task-' || lpad(g::text, 9, '0'), case when g % 3 = 0 then 'notion' else 'api' end,
             'client-' || (g::bigint * 7919 % ${shape.clients}), 'Task ' || g, 'Write about ' || g, case when g % 10 = 0 then 'media' else 'text' end,
             st, case when st = 'failed' then (case when g % 2 = 0 then 'llm_unavailable' else 'invalid_task' end) end,
             case when st = 'failed' then 'failed in the bench' end, case when st in ('done', 'low_qa') then 60 + g % 41 end,
             'gpt-4o-mini', 400, 600, 300 + g % 700, 1, created, created + interval '1 second',
             case when st in ('done', 'low_qa', 'failed', 'cancelled') then created + (2 + g % 58) * interval '1 second' end,
             created + (2 + g % 58) * interval '1 second'
      from (
        select g, to_timestamp((${startMs}::float8 + (g::bigint * 7919 % ${to})::float8 / ${to} * ${spanMs}) / 1000) as created,
               case when g % 100 < 90 then 'done' when g % 100 < 93 then 'low_qa' when g % 100 < 98 then 'failed'
                    when g % 100 < 99 then 'cancelled' when g % 2 = 0 then 'queued' else 'running' end as st
        from generate_series(${lo}::int, ${hi}::int) g
      ) s`);
    await db.execute(sql`
      insert into job_attempts (task_id, run, attempt, step, model, input_tokens, output_tokens, cost_micro_usd, qa_score, duration_ms, created_at)
      select j.task_id, 0, 1, s.step, j.model, 200, 300, j.cost_micro_usd / 2, case when s.step = 'qa' then j.qa_score end, 800, j.created_at + interval '1 second'
      from jobs j cross join (values ('generate'), ('qa')) s(step)
      where j.task_id between ${'task-' + String(lo).padStart(9, '0')} and ${'task-' + String(hi).padStart(9, '0')}`);
    await addRollupShares(db, 'task-' + String(lo).padStart(9, '0'), 'task-' + String(hi).padStart(9, '0'));
  }
}
