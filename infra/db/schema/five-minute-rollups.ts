import { bigint, integer, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';

const slot = () => timestamp('slot', { withTimezone: true, mode: 'date' }).notNull();

/*
 * The hourly rollups again per 5-minute slot (`slot` = the UTC instant the slot starts), kept by the same
 * triggers in the same transaction (migration *_five_minute_rollups_sql). A window's partial hours at its
 * edges are read from here as whole slots, so the ledger rows read at each edge are at most about
 * two and a half minutes' worth, however busy the platform (infra/db/repositories/hour-window.ts).
 * Retention deletes slots before its archive mark: no window reads slots there.
 */

export const jobOutcome5min = pgTable(
  'job_outcome_5min',
  {
    slot: slot(),
    type: text('type').notNull(),
    status: text('status').notNull(),
    failureKey: text('failure_key').notNull(),
    tasks: integer('tasks').notNull().default(0),
    qaSum: bigint('qa_sum', { mode: 'number' }).notNull().default(0),
    qaCount: integer('qa_count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.slot, t.type, t.status, t.failureKey] })],
);

export const jobLatency5min = pgTable(
  'job_latency_5min',
  {
    slot: slot(),
    type: text('type').notNull(),
    bucket: smallint('bucket').notNull(),
    tasks: integer('tasks').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.slot, t.type, t.bucket] })],
);

export const jobClient5min = pgTable(
  'job_client_5min',
  {
    slot: slot(),
    clientId: text('client_id').notNull(),
    tasks: integer('tasks').notNull().default(0),
    costMicroUsd: bigint('cost_micro_usd', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.slot, t.clientId] })],
);

export const jobIntake5min = pgTable('job_intake_5min', {
  slot: slot().primaryKey(),
  tasks: integer('tasks').notNull().default(0),
});

export const attemptCost5min = pgTable(
  'attempt_cost_5min',
  {
    slot: slot(),
    model: text('model').notNull(),
    steps: integer('steps').notNull().default(0),
    inputTokens: bigint('input_tokens', { mode: 'number' }).notNull().default(0),
    outputTokens: bigint('output_tokens', { mode: 'number' }).notNull().default(0),
    costMicroUsd: bigint('cost_micro_usd', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.slot, t.model] })],
);
