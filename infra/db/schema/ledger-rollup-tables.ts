import { bigint, integer, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The five rollups of the job ledger at one grain: `job_outcome_<suffix>` and so on, keyed by the instant
 * their grain starts in column `time` (`hour`, or `slot` for 5 minutes). Kept by the triggers of the
 * migrations *_hourly_rollups_sql and *_five_minute_rollups_sql; see rollups.ts.
 */
export function ledgerRollupTables(suffix: 'hourly' | '5min', time: 'hour' | 'slot') {
  const at = () => timestamp(time, { withTimezone: true, mode: 'date' }).notNull();
  return {
    /** Finished tasks per completion time, type, status and failure type ('' for none). */
    outcome: pgTable(
      `job_outcome_${suffix}`,
      {
        at: at(),
        type: text('type').notNull(),
        status: text('status').notNull(),
        failureKey: text('failure_key').notNull(),
        tasks: integer('tasks').notNull().default(0),
        qaSum: bigint('qa_sum', { mode: 'number' }).notNull().default(0),
        qaCount: integer('qa_count').notNull().default(0),
      },
      (t) => [primaryKey({ columns: [t.at, t.type, t.status, t.failureKey] })],
    ),
    /**
     * Processing latency histogram of delivered tasks (done, low_qa) per completion time and type: bucket b
     * holds latencies in (γ^(b-1), γ^b] ms with γ = 1.01/0.99 (bucket 0: ≤ 1 ms), so a percentile read
     * from it is within 1% of the exact one (domain/latency-histogram.ts).
     */
    latency: pgTable(
      `job_latency_${suffix}`,
      {
        at: at(),
        type: text('type').notNull(),
        bucket: smallint('bucket').notNull(),
        tasks: integer('tasks').notNull().default(0),
      },
      (t) => [primaryKey({ columns: [t.at, t.type, t.bucket] })],
    ),
    /** Tasks and LLM cost per completion time and client (tasks with a client only). */
    client: pgTable(
      `job_client_${suffix}`,
      {
        at: at(),
        clientId: text('client_id').notNull(),
        tasks: integer('tasks').notNull().default(0),
        costMicroUsd: bigint('cost_micro_usd', { mode: 'number' }).notNull().default(0),
      },
      (t) => [primaryKey({ columns: [t.at, t.clientId] })],
    ),
    /** Tasks created per hour or slot. */
    intake: pgTable(`job_intake_${suffix}`, {
      at: at().primaryKey(),
      tasks: integer('tasks').notNull().default(0),
    }),
    /** Attempt rows (LLM calls and steps), tokens and cost per time they were recorded and model. */
    attemptCost: pgTable(
      `attempt_cost_${suffix}`,
      {
        at: at(),
        model: text('model').notNull(),
        steps: integer('steps').notNull().default(0),
        inputTokens: bigint('input_tokens', { mode: 'number' }).notNull().default(0),
        outputTokens: bigint('output_tokens', { mode: 'number' }).notNull().default(0),
        costMicroUsd: bigint('cost_micro_usd', { mode: 'number' }).notNull().default(0),
      },
      (t) => [primaryKey({ columns: [t.at, t.model] })],
    ),
  };
}
