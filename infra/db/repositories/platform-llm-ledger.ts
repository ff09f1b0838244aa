import { and, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '../open-database';
import { platformLlmCalls } from '../schema';

export interface PlatformLlmCall {
  /** One key per real call (workflow run, activity, attempt): a retried write stays one row. */
  callKey: string;
  purpose: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  costMicroUsd: number;
  workflowId: string | null;
  durationMs: number;
}

/** The per-client key finance metrics give the platform's own spend (client ids cannot hold parentheses). */
export const PLATFORM_COST_KEY = '(platform)';

const utcDay = sql<string>`to_char(${platformLlmCalls.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`;
const cost = sql<number>`coalesce(sum(${platformLlmCalls.costMicroUsd}), 0)::bigint`.mapWith(Number);

/**
 * The platform's own LLM spend (CEO brief narrative, pricing explanations, ops brain) per UTC day over
 * [from, to), in integer micro-USD: what finance metrics and the reports add to the task ledger's LLM
 * cost. A handful of rows a day, so the created_at index serves without a rollup.
 */
export async function platformLlmCostByDay(db: Db, from: Date, to: Date): Promise<Map<string, number>> {
  const rows = await db
    .select({ day: utcDay, v: cost })
    .from(platformLlmCalls)
    .where(and(gte(platformLlmCalls.createdAt, from), lt(platformLlmCalls.createdAt, to)))
    .groupBy(utcDay);
  return new Map(rows.map((r) => [r.day, r.v]));
}

export function createPlatformLlmLedger(db: Db) {
  return {
    async record(call: PlatformLlmCall): Promise<void> {
      await db.insert(platformLlmCalls).values(call).onConflictDoNothing({ target: platformLlmCalls.callKey });
    },
    async list(from: Date, to: Date) {
      return db
        .select()
        .from(platformLlmCalls)
        .where(and(gte(platformLlmCalls.createdAt, from), lt(platformLlmCalls.createdAt, to)))
        .orderBy(platformLlmCalls.createdAt);
    },
    costByDay: (from: Date, to: Date) => platformLlmCostByDay(db, from, to),
  };
}
export type PlatformLlmLedger = ReturnType<typeof createPlatformLlmLedger>;
