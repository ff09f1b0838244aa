import { bigint, integer, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';

const hour = () => timestamp('hour', { withTimezone: true, mode: 'date' }).notNull();

/*
 * Hourly rollups of the job ledger, kept exact by triggers in the same transaction as every ledger write
 * (migration *_hourly_rollups_sql): the old row's share is taken off its keys and the new row's added.
 * A delete while `echopilot.archiving` is on (retention) leaves them as they are, so archived tasks
 * still count. Windowed reads sum whole hours here and read only the partial hours at the window's
 * edges from the ledger itself (infra/db/repositories/hour-window.ts).
 */

/** Finished tasks per completion hour, type, status and failure type ('' for none). */
export const jobOutcomeHourly = pgTable(
  'job_outcome_hourly',
  {
    hour: hour(),
    type: text('type').notNull(),
    status: text('status').notNull(),
    failureKey: text('failure_key').notNull(),
    tasks: integer('tasks').notNull().default(0),
    qaSum: bigint('qa_sum', { mode: 'number' }).notNull().default(0),
    qaCount: integer('qa_count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.hour, t.type, t.status, t.failureKey] })],
);

/**
 * Processing latency histogram of delivered tasks (done, low_qa) per completion hour and type: bucket b
 * holds latencies in (γ^(b-1), γ^b] ms with γ = 1.01/0.99 (bucket 0: ≤ 1 ms), so a percentile read
 * from it is within 1% of the exact one (domain/latency-histogram.ts).
 */
export const jobLatencyHourly = pgTable(
  'job_latency_hourly',
  {
    hour: hour(),
    type: text('type').notNull(),
    bucket: smallint('bucket').notNull(),
    tasks: integer('tasks').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.hour, t.type, t.bucket] })],
);

/**
 * The same histogram per completion day (UTC) and type, kept by the same trigger: a 7-day window reads
 * about 7 days of buckets plus at most half a day of hours at each end, instead of 168 hours of buckets
 * (hourly-rollup-reads.ts). `day` is the UTC midnight the day starts at.
 */
export const jobLatencyDaily = pgTable(
  'job_latency_daily',
  {
    day: timestamp('day', { withTimezone: true, mode: 'date' }).notNull(),
    type: text('type').notNull(),
    bucket: smallint('bucket').notNull(),
    tasks: integer('tasks').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.type, t.bucket] })],
);

/** Tasks and LLM cost per completion hour and client (tasks with a client only). */
export const jobClientHourly = pgTable(
  'job_client_hourly',
  {
    hour: hour(),
    clientId: text('client_id').notNull(),
    tasks: integer('tasks').notNull().default(0),
    costMicroUsd: bigint('cost_micro_usd', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.hour, t.clientId] })],
);

/** Tasks created per hour. */
export const jobIntakeHourly = pgTable('job_intake_hourly', {
  hour: hour().primaryKey(),
  tasks: integer('tasks').notNull().default(0),
});

/** Attempt rows (LLM calls and steps), tokens and cost per hour they were recorded and model. */
export const attemptCostHourly = pgTable(
  'attempt_cost_hourly',
  {
    hour: hour(),
    model: text('model').notNull(),
    steps: integer('steps').notNull().default(0),
    inputTokens: bigint('input_tokens', { mode: 'number' }).notNull().default(0),
    outputTokens: bigint('output_tokens', { mode: 'number' }).notNull().default(0),
    costMicroUsd: bigint('cost_micro_usd', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.hour, t.model] })],
);

/**
 * How far retention has archived (one row): ledger rows before these instants may be gone, so windows
 * reaching back there start at a whole hour of the rollups instead of reading partial hours from the ledger.
 */
export const ledgerArchiveMark = pgTable('ledger_archive_mark', {
  id: smallint('id').primaryKey().default(1),
  tasksBefore: timestamp('tasks_before', { withTimezone: true, mode: 'date' }),
  attemptsBefore: timestamp('attempts_before', { withTimezone: true, mode: 'date' }),
});
