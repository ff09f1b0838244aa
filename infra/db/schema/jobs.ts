import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * The job ledger: one row per task, the system of record that outlives Temporal's retention.
 * Money is integer micro-USD; statuses are domain/task.ts TaskStatus values.
 */
export const jobs = pgTable(
  'jobs',
  {
    taskId: text('task_id').primaryKey(),
    workflowId: text('workflow_id').notNull(),
    source: text('source').notNull(),
    notionPageId: text('notion_page_id'),
    clientId: text('client_id'),
    idempotencyKey: text('idempotency_key').unique(),
    title: text('title').notNull(),
    prompt: text('prompt').notNull(),
    type: text('type').notNull().default('text'),
    mediaUrl: text('media_url'),
    status: text('status').notNull().default('queued'),
    failureType: text('failure_type'),
    failureReason: text('failure_reason'),
    qaScore: integer('qa_score'),
    result: text('result'),
    model: text('model'),
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    costMicroUsd: bigint('cost_micro_usd', { mode: 'number' }).notNull().default(0),
    mediaSeconds: integer('media_seconds'),
    attempts: integer('attempts').notNull().default(0),
    /** How many times self-heal / job replay started a new run of this task. */
    replayCount: integer('replay_count').notNull().default(0),
    /** 1 (highest) … 5; mapped to the Temporal priority key of the task's workflow and activities. */
    priority: integer('priority').notNull().default(3),
    /** unpaid | paid | refunded; job replay never re-runs a refunded task. */
    paymentStatus: text('payment_status'),
    buildId: text('build_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
    startedAt: ts('started_at'),
    completedAt: ts('completed_at'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  // Each read path has an index matching its filter and order, so its cost follows what it answers
  // (one page, one window), not the size of the whole history.
  (t) => [
    index('jobs_status_idx').on(t.status, t.completedAt),
    index('jobs_client_idx').on(t.clientId, t.createdAt, t.taskId),
    index('jobs_created_idx').on(t.createdAt, t.taskId),
    index('jobs_status_created_idx').on(t.status, t.createdAt, t.taskId),
    // Migration *_edge_covering_indexes_sql rebuilds this one with INCLUDE (status, type, failure_type, qa_score,
    // client_id, cost_micro_usd, started_at, created_at): a window's partial-hour edges read only the index.
    index('jobs_completed_idx').on(t.completedAt),
    // Self-heal and job replay look for failed tasks by failure time; the routines' orphan check for
    // queued/running rows that stopped moving. Partial: they never read the done tasks of the past.
    index('jobs_failed_at_idx')
      .on(sql`coalesce(${t.completedAt}, ${t.updatedAt})`, t.taskId)
      .where(sql`${t.status} = 'failed'`),
    index('jobs_in_flight_idx')
      .on(t.updatedAt)
      .where(sql`${t.status} in ('queued', 'running')`),
  ],
);

/**
 * LLM cost and task count per UTC day (of completion, else creation) and client, kept exact by a
 * trigger on `jobs` in the same transaction as every ledger write; retention archiving leaves it as is,
 * so the finance view still counts tasks whose rows are gone. `client_key` is '(none)' without a client.
 */
export const jobCostDaily = pgTable(
  'job_cost_daily',
  {
    day: date('day', { mode: 'string' }).notNull(),
    clientKey: text('client_key').notNull(),
    costMicroUsd: bigint('cost_micro_usd', { mode: 'number' }).notNull().default(0),
    tasks: integer('tasks').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.clientKey] })],
);

/**
 * One row per (task, run, attempt, step): the unique key makes ledger writes idempotent, so an
 * activity retry, a worker crash or a replay never adds a second row.
 */
export const jobAttempts = pgTable(
  'job_attempts',
  {
    taskId: text('task_id')
      .notNull()
      .references(() => jobs.taskId, { onDelete: 'cascade' }),
    /** replayCount of the job when this run started (0 for the first run). */
    run: integer('run').notNull().default(0),
    attempt: integer('attempt').notNull(),
    /** transcribe | generate | qa | notion:<effect> */
    step: text('step').notNull(),
    model: text('model').notNull(),
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    costMicroUsd: bigint('cost_micro_usd', { mode: 'number' }).notNull().default(0),
    qaScore: integer('qa_score'),
    feedback: text('feedback'),
    /** What the step produced (answer, transcript, raw QA reply, Notion page id), so a retry after a crash reuses it instead of paying again. */
    output: text('output'),
    durationMs: integer('duration_ms').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.taskId, t.run, t.attempt, t.step] }),
    // Rebuilt with INCLUDE (input_tokens, output_tokens, cost_micro_usd) by *_edge_covering_indexes_sql, so
    // the cost-by-model edges of a window read only the index (drizzle cannot express INCLUDE).
    index('job_attempts_created_idx').on(t.createdAt, t.model),
  ],
);
