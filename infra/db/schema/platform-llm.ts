import { bigint, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The platform's own LLM spend: calls made by routines (the CEO brief's narrative, the pricing AI's
 * explanations, the AI ops brain) that belong to no client task. Same units as the task ledger
 * (`job_attempts`: tokens, integer micro-USD, i.e. six decimals of a dollar); finance metrics and the
 * reports add it to LLM cost. `call_key` (workflow run, activity, attempt) makes a retried write one row.
 */
export const platformLlmCalls = pgTable(
  'platform_llm_calls',
  {
    callKey: text('call_key').primaryKey(),
    /** The ledger entry kind: `routine_llm` (platform spend, no client). */
    kind: text('kind').notNull().default('routine_llm'),
    /** brief-narrative | pricing-explanation | ops-brain */
    purpose: text('purpose').notNull(),
    model: text('model').notNull(),
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    costMicroUsd: bigint('cost_micro_usd', { mode: 'number' }).notNull().default(0),
    workflowId: text('workflow_id'),
    durationMs: integer('duration_ms').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('platform_llm_calls_created_idx').on(t.createdAt)],
);
