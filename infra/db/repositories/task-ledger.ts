import { DEFAULT_TASK_PRIORITY } from '../../../domain/task-priority';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { TaskStatus } from '../../../domain/task';
import type { Db } from '../open-database';
import { jobAttempts, jobs } from '../schema';
import { sqlRows } from './sql-rows';

export type TaskRow = typeof jobs.$inferSelect;
/** A new task as the API and the Notion intake create it; everything else starts at its default. */
export type NewTask = Pick<
  typeof jobs.$inferInsert,
  | 'taskId'
  | 'workflowId'
  | 'source'
  | 'title'
  | 'prompt'
  | 'type'
  | 'clientId'
  | 'idempotencyKey'
  | 'notionPageId'
  | 'mediaUrl'
  | 'priority'
>;
export type AttemptRow = typeof jobAttempts.$inferSelect;
export type NewAttempt = Omit<typeof jobAttempts.$inferInsert, 'createdAt'>;

/** Keyset cursor over (created_at desc, task_id desc): stable while new tasks keep arriving. */
export interface TaskCursor {
  createdAt: Date;
  taskId: string;
}

/**
 * The job ledger: one row per task plus one row per (task, run, attempt, step). The statements every
 * task runs are prepared once (named on PostgreSQL): no query building per call, no parse/plan per call.
 */
export function createTaskLedger(db: Db) {
  const p = sql.placeholder;
  const a = jobAttempts;
  const currentRun = and(eq(jobs.taskId, p('taskId')), eq(jobs.replayCount, p('run')));

  const insertTaskRow = db
    .insert(jobs)
    .values({
      taskId: p('taskId'),
      workflowId: p('workflowId'),
      source: p('source'),
      notionPageId: p('notionPageId'),
      clientId: p('clientId'),
      idempotencyKey: p('idempotencyKey'),
      title: p('title'),
      prompt: p('prompt'),
      type: p('type'),
      mediaUrl: p('mediaUrl'),
      priority: p('priority'),
      createdAt: p('createdAt'),
    })
    .onConflictDoNothing()
    .returning()
    .prepare('jobs_insert');
  const getTaskRow = db
    .select()
    .from(jobs)
    .where(eq(jobs.taskId, p('taskId')))
    .prepare('jobs_get');
  const get = async (taskId: string): Promise<TaskRow | undefined> => (await getTaskRow.execute({ taskId }))[0];
  const getStepQuery = db
    .select()
    .from(a)
    .where(and(eq(a.taskId, p('taskId')), eq(a.run, p('run')), eq(a.attempt, p('attempt')), eq(a.step, p('step'))))
    .prepare('jobs_get_step');
  const markRunningQuery = db
    .update(jobs)
    .set({
      status: 'running',
      startedAt: sql`coalesce(case when ${jobs.status} = 'running' then ${jobs.startedAt} end, now())`,
      completedAt: null,
      failureType: null,
      failureReason: null,
      buildId: sql`${p('buildId')}`,
      updatedAt: sql`now()`,
    })
    .where(currentRun)
    .returning()
    .prepare('jobs_mark_running');
  const finishQuery = db
    .update(jobs)
    .set({
      status: sql`${p('status')}`,
      result: sql`${p('result')}`,
      qaScore: sql`${p('qaScore')}::int`,
      model: sql`coalesce(${p('model')}, ${jobs.model})`,
      attempts: sql`coalesce(${p('attempts')}::int, ${jobs.attempts})`,
      failureType: sql`${p('failureType')}`,
      failureReason: sql`${p('failureReason')}`,
      completedAt: sql`coalesce(${jobs.completedAt}, now())`,
      updatedAt: sql`now()`,
    })
    .where(currentRun)
    .returning()
    .prepare('jobs_finish');

  return {
    get,
    async getByIdempotencyKey(key: string) {
      return (await db.select().from(jobs).where(eq(jobs.idempotencyKey, key)))[0];
    },

    /**
     * Inserts the task row unless one with the same task id or idempotency key exists; returns the
     * row that is now stored and whether this call created it (concurrent duplicates see `false`).
     */
    async create(job: NewTask): Promise<{ job: TaskRow; created: boolean }> {
      const [inserted] = await insertTaskRow.execute({
        ...job,
        type: job.type ?? 'text',
        clientId: job.clientId ?? null,
        idempotencyKey: job.idempotencyKey ?? null,
        notionPageId: job.notionPageId ?? null,
        mediaUrl: job.mediaUrl ?? null,
        priority: job.priority ?? DEFAULT_TASK_PRIORITY,
        createdAt: new Date(), // ms precision: the list cursor round-trips exactly
      });
      if (inserted) return { job: inserted, created: true };
      const existing =
        (await get(job.taskId)) ??
        (job.idempotencyKey ? await this.getByIdempotencyKey(job.idempotencyKey) : undefined);
      if (!existing) throw new Error(`job ${job.taskId} neither inserted nor found`);
      return { job: existing, created: false };
    },

    async list(opts: {
      status?: TaskStatus;
      limit: number;
      cursor?: TaskCursor;
      clientId?: string;
    }): Promise<TaskRow[]> {
      const conds = [];
      if (opts.status) conds.push(eq(jobs.status, opts.status));
      if (opts.clientId) conds.push(eq(jobs.clientId, opts.clientId));
      if (opts.cursor) {
        const c = opts.cursor;
        // A row comparison, not an OR: the planner seeks the (…, created_at, task_id) index to the cursor,
        // so a page deep in the list costs what the first one does.
        conds.push(sql`(${jobs.createdAt}, ${jobs.taskId}) < (${c.createdAt.toISOString()}::timestamptz, ${c.taskId})`);
      }
      return db
        .select()
        .from(jobs)
        .where(conds.length ? and(...conds) : undefined)
        .orderBy(desc(jobs.createdAt), desc(jobs.taskId))
        .limit(opts.limit);
    },

    /** Marks the run started. Only the job's current run may write (a stale replayed run cannot). */
    async markRunning(taskId: string, run: number, buildId: string): Promise<TaskRow | undefined> {
      return (await markRunningQuery.execute({ taskId, run, buildId }))[0];
    },

    /**
     * One ledger row per (task, run, attempt, step); a retry or replay of the same step adds nothing.
     * The row and its share of the job's totals are written by one statement (one transaction, one
     * round trip): the totals grow only when the row is new, so they stay exact under any retry.
     */
    async recordStep(row: NewAttempt): Promise<boolean> {
      const r = {
        inputTokens: 0,
        outputTokens: 0,
        costMicroUsd: 0,
        durationMs: 0,
        qaScore: null,
        feedback: null,
        output: null,
        ...row,
      };
      const [res] = await sqlRows<{ inserted: number }>(
        db,
        sql`
        with ins as (
          insert into ${a} (task_id, run, attempt, step, model, input_tokens, output_tokens, cost_micro_usd, qa_score, feedback, output, duration_ms)
          values (${r.taskId}, ${r.run ?? 0}, ${r.attempt}, ${r.step}, ${r.model}, ${r.inputTokens}, ${r.outputTokens}, ${r.costMicroUsd}, ${r.qaScore}, ${r.feedback}, ${r.output}, ${r.durationMs})
          on conflict do nothing
          returning task_id, input_tokens, output_tokens, cost_micro_usd
        ), totals as (
          update ${jobs} set input_tokens = ${jobs.inputTokens} + ins.input_tokens, output_tokens = ${jobs.outputTokens} + ins.output_tokens,
            cost_micro_usd = ${jobs.costMicroUsd} + ins.cost_micro_usd, updated_at = now()
          from ins where ${jobs.taskId} = ins.task_id
          returning 1
        )
        select count(*)::int as inserted from ins`,
      );
      return Number(res?.inserted ?? 0) > 0;
    },

    async getStep(key: {
      taskId: string;
      run: number;
      attempt: number;
      step: string;
    }): Promise<AttemptRow | undefined> {
      return (await getStepQuery.execute(key))[0];
    },

    async steps(taskId: string, run?: number): Promise<AttemptRow[]> {
      return db
        .select()
        .from(a)
        .where(run === undefined ? eq(a.taskId, taskId) : and(eq(a.taskId, taskId), eq(a.run, run)))
        .orderBy(a.run, a.attempt, a.createdAt);
    },

    async setMediaSeconds(taskId: string, seconds: number): Promise<void> {
      await db
        .update(jobs)
        .set({ mediaSeconds: seconds, updatedAt: sql`now()` })
        .where(eq(jobs.taskId, taskId));
    },

    /** Writes the run's outcome; idempotent, and ignored when a newer run owns the job. */
    async finish(
      taskId: string,
      run: number,
      outcome: {
        status: Extract<TaskStatus, 'done' | 'low_qa' | 'failed' | 'cancelled'>;
        result?: string | null;
        qaScore?: number | null;
        model?: string | null;
        attempts?: number;
        failureType?: string | null;
        failureReason?: string | null;
      },
    ): Promise<TaskRow | undefined> {
      const [row] = await finishQuery.execute({
        taskId,
        run,
        status: outcome.status,
        result: outcome.result ?? null,
        qaScore: outcome.qaScore ?? null,
        model: outcome.model || null,
        attempts: outcome.attempts ?? null,
        failureType: outcome.failureType ?? null,
        failureReason: outcome.failureReason ?? null,
      });
      return row;
    },

    /** Jobs by id, for the Notion intake (which rows already have a task). */
    async existing(taskIds: string[]): Promise<TaskRow[]> {
      if (taskIds.length === 0) return [];
      return db.select().from(jobs).where(inArray(jobs.taskId, taskIds));
    },
  };
}
export type TaskLedger = ReturnType<typeof createTaskLedger>;
