import { sql } from 'drizzle-orm';
import type { Db } from '../open-database';
import { int, sqlRows } from './sql-rows';

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** Records how far rows may be gone, so window reads take whole hours from the rollups there. */
async function markArchived(db: Db, column: 'tasks_before' | 'attempts_before', before: Date) {
  const col = sql.raw(column);
  await db.execute(
    sql`insert into ledger_archive_mark (id, ${col}) values (1, ${ts(before)})
        on conflict (id) do update set ${col} = greatest(ledger_archive_mark.${col}, excluded.${col})`,
  );
}

/**
 * Retention of the job ledger, in bounded batches so a first run over years of history never holds
 * one long transaction. Task rows (and their attempts, by cascade) go only once finished; the daily
 * cost rollup and the hourly rollups keep counting them (`echopilot.archiving` tells their triggers to
 * leave them as they are).
 */
export function createLedgerRetention(db: Db) {
  return {
    /** Deletes up to `batch` finished tasks completed before `before`; returns how many went. */
    async archiveTasks(before: Date, batch: number): Promise<number> {
      return db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('echopilot.archiving', 'on', true)`);
        const [r] = await sqlRows<{ n: unknown }>(
          tx,
          sql`with gone as (
                delete from jobs where task_id in (
                  select task_id from jobs where status in ('done', 'low_qa', 'failed', 'cancelled') and completed_at < ${ts(before)}
                  order by completed_at limit ${batch})
                returning 1)
              select count(*) as n from gone`,
        );
        if (int(r?.n) > 0) await markArchived(tx, 'tasks_before', before);
        return int(r?.n);
      });
    },
    /**
     * Deletes up to `batch` attempt rows of finished tasks recorded before `before` (the tasks' totals stay
     * on their rows, and the hourly cost rollup keeps counting them).
     */
    async pruneAttempts(before: Date, batch: number): Promise<number> {
      return db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('echopilot.archiving', 'on', true)`);
        const [r] = await sqlRows<{ n: unknown }>(
          tx,
          sql`with gone as (
                delete from job_attempts a using (
                  select a2.task_id, a2.run, a2.attempt, a2.step from job_attempts a2 join jobs j on j.task_id = a2.task_id
                  where a2.created_at < ${ts(before)} and j.status in ('done', 'low_qa', 'failed', 'cancelled') limit ${batch}) old
                where a.task_id = old.task_id and a.run = old.run and a.attempt = old.attempt and a.step = old.step
                returning 1)
              select count(*) as n from gone`,
        );
        if (int(r?.n) > 0) await markArchived(tx, 'attempts_before', before);
        return int(r?.n);
      });
    },
    /**
     * Deletes up to `batch` rows of the 5-minute rollups before the archive marks: windows read whole
     * hours there (hour-window.ts), never slots, so these rows only cost space. The hourly rollups stay.
     */
    async pruneSlots(batch: number): Promise<number> {
      let left = batch;
      for (const [table, mark] of SLOT_TABLES) {
        if (left <= 0) break;
        const [r] = await sqlRows<{ n: unknown }>(
          db,
          sql`with m as (select ${sql.raw(mark)} as t from ledger_archive_mark where id = 1),
              gone as (delete from ${sql.raw(table)} where ctid in (
                select ctid from ${sql.raw(table)} where slot < (select t from m) limit ${left}) returning 1)
              select count(*) as n from gone`,
        );
        left -= int(r?.n);
      }
      return batch - left;
    },
  };
}

/** Each 5-minute rollup and the archive mark before which its source rows may be gone. */
const SLOT_TABLES = [
  ['job_outcome_5min', 'tasks_before'],
  ['job_latency_5min', 'tasks_before'],
  ['job_client_5min', 'tasks_before'],
  ['job_intake_5min', 'tasks_before'],
  ['attempt_cost_5min', 'greatest(tasks_before, attempts_before)'],
] as const;
export type LedgerRetention = ReturnType<typeof createLedgerRetention>;
