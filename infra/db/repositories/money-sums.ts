import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../open-database';
import { payments, refunds } from '../schema';

export type MoneyKey = 'day' | 'client' | 'none';

const sumOf = (col: PgColumn) => sql<number>`coalesce(sum(${col}), 0)::bigint`.mapWith(Number);
const utcDay = (col: PgColumn) => sql<string>`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD')`;

/**
 * Revenue (payments by paid_at) and refunds (by created_at) in `currency`'s cents over [from, to), per UTC
 * day, per client or in total. The one definition of revenue and refunds: `/api/finance-metrics` and the
 * reports' facts (infra/db/repositories/report-facts.ts) both read it, so their numbers agree.
 */
export async function moneySums(db: Db, from: Date, to: Date, currency: string, by: MoneyKey) {
  const payKey =
    by === 'day' ? utcDay(payments.paidAt) : by === 'client' ? sql<string>`${payments.clientId}` : sql<string>`''`;
  const refKey =
    by === 'day' ? utcDay(refunds.createdAt) : by === 'client' ? sql<string>`${refunds.clientId}` : sql<string>`''`;
  const revQ = db
    .select({ key: payKey, v: sumOf(payments.amountCents) })
    .from(payments)
    .where(and(gte(payments.paidAt, from), lt(payments.paidAt, to), eq(payments.currency, currency)));
  const refQ = db
    .select({ key: refKey, v: sumOf(refunds.amountCents) })
    .from(refunds)
    .where(and(gte(refunds.createdAt, from), lt(refunds.createdAt, to), eq(refunds.currency, currency)));
  // PostgreSQL cannot group by a constant: the total is one ungrouped sum.
  const [rev, ref] = await Promise.all(by === 'none' ? [revQ, refQ] : [revQ.groupBy(payKey), refQ.groupBy(refKey)]);
  const out = new Map<string, { revenueCents: number; refundsCents: number }>();
  const row = (key: string) => out.get(key) ?? out.set(key, { revenueCents: 0, refundsCents: 0 }).get(key)!;
  for (const r of rev) row(r.key ?? '').revenueCents += r.v;
  for (const r of ref) row(r.key ?? '').refundsCents += r.v;
  return out;
}
