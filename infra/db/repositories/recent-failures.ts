import { sql } from 'drizzle-orm';
import type { Db } from '../open-database';
import { sqlRows } from './sql-rows';

/** The latest failed tasks with their failure type and reason (the bot's /failed), newest first. */
export const createRecentFailures = (db: Db) => ({ list: (limit: number) => recentFailures(db, limit) });
export type RecentFailures = ReturnType<typeof createRecentFailures>;

async function recentFailures(db: Db, limit: number) {
  // jobs_failed_at_idx orders by coalesce(completed_at, updated_at): an index walk, not a sort of every task.
  const rows = await sqlRows<{
    task_id: string;
    failure_type: string | null;
    failure_reason: string | null;
    at: string;
  }>(
    db,
    sql`select task_id, failure_type, failure_reason, coalesce(completed_at, updated_at) as at from jobs
        where status = 'failed' order by coalesce(completed_at, updated_at) desc, task_id limit ${limit}`,
  );
  return rows.map((r) => ({
    taskId: r.task_id,
    failureType: r.failure_type,
    reason: r.failure_reason,
    at: new Date(r.at).toISOString(),
  }));
}
