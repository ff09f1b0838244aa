import { sql } from 'drizzle-orm';
import type { Db } from '../../infra/db/open-database';
import { jobAttempts, jobs } from '../../infra/db/schema';
import type { fixedRandom } from './fixed-random';

const HOUR = 3_600_000;
type Rnd = ReturnType<typeof fixedRandom>;

/** A time in the `days` before `end`, at a random millisecond or (one time in ten) exactly on an hour. */
function someTime(rnd: Rnd, end: number, days: number) {
  const t = end - rnd.int(0, days * 24 * HOUR);
  return rnd.next() < 0.1 ? Math.floor(t / HOUR) * HOUR : t;
}

/**
 * Writes `n` random tasks (statuses, types, clients, QA scores, latencies from 50 ms to 20 min, some
 * started_at unset) and 0–3 attempt rows each, then changes them as a running platform and an operator
 * would: late completions, corrected scores, costs and statuses, moved clients, types and times, replays
 * (completion cleared, then set again), corrected and deleted attempts, deleted tasks.
 */
export async function writeRandomLedger(db: Db, rnd: Rnd, prefix: string, n: number, end: number): Promise<string[]> {
  const ids: string[] = [];
  const rows: (typeof jobs.$inferInsert)[] = [];
  const attempts: (typeof jobAttempts.$inferInsert)[] = [];
  for (let i = 0; i < n; i++) {
    const taskId = `${prefix}-${i}`;
    ids.push(taskId);
    const status = rnd.pick(['done', 'done', 'done', 'low_qa', 'failed', 'cancelled', 'queued', 'running'] as const);
    const finished = !['queued', 'running'].includes(status);
    const completed = someTime(rnd, end, 9);
    const created = completed - rnd.int(50, 20 * 60_000) - rnd.int(0, 2) * rnd.int(0, 30 * 60_000);
    rows.push({
      taskId,
      workflowId: `task-${taskId}`,
      source: 'api',
      title: 'T',
      prompt: 'P',
      type: rnd.pick(['text', 'text', 'media']),
      status,
      clientId: rnd.pick(['a', 'b', 'c', null]),
      failureType: status === 'failed' ? rnd.pick(['llm_unavailable', 'invalid_task', null]) : null,
      qaScore: finished && status !== 'cancelled' && rnd.next() < 0.8 ? rnd.int(0, 100) : null,
      costMicroUsd: rnd.int(0, 9000),
      createdAt: new Date(created),
      startedAt: rnd.next() < 0.2 ? null : new Date(completed - rnd.int(50, 20 * 60_000)),
      completedAt: finished ? new Date(completed) : null,
    });
    for (let s = 0; s < rnd.int(0, 3); s++)
      attempts.push({
        taskId,
        attempt: 1,
        step: `step-${s}`,
        model: rnd.pick(['gpt-4o', 'gpt-4o-mini', 'whisper-1']),
        inputTokens: rnd.int(0, 900),
        outputTokens: rnd.int(0, 900),
        costMicroUsd: rnd.int(0, 5000),
        createdAt: new Date(someTime(rnd, end, 9)),
      });
  }
  for (let i = 0; i < rows.length; i += 100) await db.insert(jobs).values(rows.slice(i, i + 100));
  for (let i = 0; i < attempts.length; i += 100) await db.insert(jobAttempts).values(attempts.slice(i, i + 100));

  const at = (ms: number) => sql`${new Date(ms).toISOString()}::timestamptz`;
  for (let i = 0; i < n / 3; i++) {
    const id = rnd.pick(ids);
    const task = sql`task_id = ${id}`;
    const change = [
      sql`update jobs set completed_at = completed_at + ${rnd.int(1, 30 * 3600)} * interval '1 second' where ${task}`, // late
      sql`update jobs set qa_score = ${rnd.int(0, 100)} where ${task} and qa_score is not null`, // corrected score
      sql`update jobs set cost_micro_usd = ${rnd.int(0, 9000)} where ${task}`, // corrected cost
      sql`update jobs set status = ${rnd.pick(['done', 'low_qa', 'failed'])}, failure_type = ${rnd.pick(['invalid_task', null])} where ${task} and completed_at is not null`,
      sql`update jobs set client_id = ${rnd.pick(['a', 'd', null])} where ${task}`, // moved to another client
      sql`update jobs set type = ${rnd.pick(['text', 'media'])}, created_at = created_at - interval '3 hours' where ${task}`,
      sql`update jobs set completed_at = null, status = 'running', started_at = ${at(end - rnd.int(0, 9 * 24 * HOUR))} where ${task}`, // replayed
      sql`update jobs set completed_at = greatest(started_at, created_at) + ${rnd.int(50, 1_200_000)} * interval '1 millisecond', status = 'done' where ${task} and completed_at is null`, // finished again
      sql`update job_attempts set cost_micro_usd = ${rnd.int(0, 5000)}, model = 'gpt-4o', created_at = ${at(someTime(rnd, end, 9))} where ${task}`,
      sql`delete from job_attempts where ${task} and step = 'step-0'`,
      sql`delete from jobs where ${task}`,
    ];
    await db.execute(rnd.pick(change));
  }
  return ids;
}
