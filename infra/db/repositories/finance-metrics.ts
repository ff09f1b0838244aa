import { and, gte, lt, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../open-database';
import { jobCostDaily } from '../schema';
import { moneySums } from './money-sums';
import { PLATFORM_COST_KEY, platformLlmCostByDay } from './platform-llm-ledger';

export interface FinanceRow {
  key: string;
  revenueCents: number;
  refundsCents: number;
  llmCostMicroUsd: number;
}

const DAY_MS = 86_400_000;
const sumOf = (col: PgColumn) => sql<number>`coalesce(sum(${col}), 0)::bigint`.mapWith(Number);

/**
 * Revenue (payments), refunds (both from money-sums.ts, shared with the reports) and LLM cost (the task ledger's cost_micro_usd) grouped per UTC day
 * and per client over [from, to) (UTC midnights). LLM cost includes the platform's own calls (CEO brief,
 * pricing AI, ops brain: platform-llm-ledger.ts), per day, and per client under the `(platform)` key. Revenue and refunds are in the configured currency's
 * cents. LLM cost comes from the daily rollup (`job_cost_daily`, kept by a trigger on `jobs`): the
 * same sums as grouping the tasks by the UTC day of coalesce(completed_at, created_at), at the cost of
 * one row per day and client however many tasks there are.
 */
export function createFinanceMetrics(db: Db) {
  async function grouped(by: 'day' | 'client', from: Date, to: Date, currency: string): Promise<FinanceRow[]> {
    if (from.getTime() % DAY_MS !== 0 || to.getTime() % DAY_MS !== 0)
      throw new RangeError('finance windows start and end at UTC midnight');
    const jobKey = by === 'day' ? sql<string>`${jobCostDaily.day}::text` : sql<string>`${jobCostDaily.clientKey}`;
    const fromDay = from.toISOString().slice(0, 10);
    const toDay = to.toISOString().slice(0, 10);
    const [money, cost, platform] = await Promise.all([
      moneySums(db, from, to, currency, by),
      db
        .select({ key: jobKey, v: sumOf(jobCostDaily.costMicroUsd) })
        .from(jobCostDaily)
        .where(and(gte(jobCostDaily.day, fromDay), lt(jobCostDaily.day, toDay)))
        .groupBy(jobKey)
        // A key appears when it has tasks, as when the tasks themselves were grouped.
        .having(sql`sum(${jobCostDaily.tasks}) > 0`),
      platformLlmCostByDay(db, from, to),
    ]);
    const out = new Map<string, FinanceRow>();
    const row = (key: string) =>
      out.get(key) ?? out.set(key, { key, revenueCents: 0, refundsCents: 0, llmCostMicroUsd: 0 }).get(key)!;
    for (const [key, m] of money) Object.assign(row(key), m);
    for (const r of cost) row(r.key).llmCostMicroUsd += r.v;
    for (const [d, v] of platform) if (v > 0) row(by === 'day' ? d : PLATFORM_COST_KEY).llmCostMicroUsd += v;
    return [...out.values()].sort((a, b) => a.key.localeCompare(b.key));
  }
  return {
    perDay: (from: Date, to: Date, currency: string) => grouped('day', from, to, currency),
    perClient: (from: Date, to: Date, currency: string) => grouped('client', from, to, currency),
  };
}
export type FinanceMetrics = ReturnType<typeof createFinanceMetrics>;
