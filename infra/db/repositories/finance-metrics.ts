import { and, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../open-database';
import { jobs, payments, refunds } from '../schema';

export interface FinanceRow {
  key: string;
  revenueCents: number;
  refundsCents: number;
  llmCostMicroUsd: number;
}

const sumOf = (col: PgColumn) => sql<number>`coalesce(sum(${col}), 0)::bigint`.mapWith(Number);
const utcDay = (col: PgColumn | SQL) => sql<string>`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD')`;

/**
 * Revenue (payments), refunds and LLM cost (the task ledger's cost_micro_usd) grouped per UTC day
 * and per client over [from, to). Revenue and refunds are in the configured currency's cents.
 */
export function createFinanceMetrics(db: Db) {
  async function grouped(by: 'day' | 'client', from: Date, to: Date, currency: string): Promise<FinanceRow[]> {
    const jobTime = sql`coalesce(${jobs.completedAt}, ${jobs.createdAt})`;
    const payKey = by === 'day' ? utcDay(payments.paidAt) : sql<string>`${payments.clientId}`;
    const refKey = by === 'day' ? utcDay(refunds.createdAt) : sql<string>`${refunds.clientId}`;
    const jobKey = by === 'day' ? utcDay(jobTime) : sql<string>`coalesce(${jobs.clientId}, '(none)')`;
    const [rev, ref, cost] = await Promise.all([
      db.select({ key: payKey, v: sumOf(payments.amountCents) }).from(payments)
        .where(and(gte(payments.paidAt, from), lt(payments.paidAt, to), eq(payments.currency, currency))).groupBy(payKey),
      db.select({ key: refKey, v: sumOf(refunds.amountCents) }).from(refunds)
        .where(and(gte(refunds.createdAt, from), lt(refunds.createdAt, to), eq(refunds.currency, currency))).groupBy(refKey),
      db.select({ key: jobKey, v: sumOf(jobs.costMicroUsd) }).from(jobs)
        .where(and(sql`${jobTime} >= ${from}`, sql`${jobTime} < ${to}`)).groupBy(jobKey),
    ]);
    const out = new Map<string, FinanceRow>();
    const row = (key: string) => out.get(key) ?? out.set(key, { key, revenueCents: 0, refundsCents: 0, llmCostMicroUsd: 0 }).get(key)!;
    for (const r of rev) row(r.key).revenueCents += r.v;
    for (const r of ref) row(r.key).refundsCents += r.v;
    for (const r of cost) row(r.key).llmCostMicroUsd += r.v;
    return [...out.values()].sort((a, b) => a.key.localeCompare(b.key));
  }
  return {
    perDay: (from: Date, to: Date, currency: string) => grouped('day', from, to, currency),
    perClient: (from: Date, to: Date, currency: string) => grouped('client', from, to, currency),
  };
}
export type FinanceMetrics = ReturnType<typeof createFinanceMetrics>;
