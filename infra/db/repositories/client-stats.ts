import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import { utcMonth, utcMonthStart } from '../../../domain/client-budget';
import type { Db } from '../open-database';
import { clientBudgetAlerts, invoices, jobCostDaily, jobs, payments, refunds } from '../schema';

/** Invoice statuses still waiting for money (open for the client). */
export const OPEN_INVOICE_STATUSES = ['pending', 'open', 'underpaid', 'mismatch'] as const;

const sumOf = (col: Parameters<typeof sql>[1]) => sql<number>`coalesce(sum(${col}), 0)::bigint`.mapWith(Number);

/** Money and spend per client: month-to-date LLM cost (the daily rollup), revenue, open invoices, held tasks. */
export function createClientStats(db: Db) {
  return {
    /** LLM cost of the client's tasks this UTC month, from `job_cost_daily` (kept by a trigger on every ledger write). */
    async monthSpendMicroUsd(clientId: string, now = new Date()): Promise<number> {
      const [row] = await db
        .select({ v: sumOf(jobCostDaily.costMicroUsd) })
        .from(jobCostDaily)
        .where(and(eq(jobCostDaily.clientKey, clientId), gte(jobCostDaily.day, utcMonthStart(now))));
      return row?.v ?? 0;
    },
    async monthSpendByClient(clientIds: string[], now = new Date()): Promise<Map<string, number>> {
      if (clientIds.length === 0) return new Map();
      const rows = await db
        .select({ key: jobCostDaily.clientKey, v: sumOf(jobCostDaily.costMicroUsd) })
        .from(jobCostDaily)
        .where(and(inArray(jobCostDaily.clientKey, clientIds), gte(jobCostDaily.day, utcMonthStart(now))))
        .groupBy(jobCostDaily.clientKey);
      return new Map(rows.map((r) => [r.key, r.v]));
    },
    /** Paid and refunded, all time and this month, in the given currency's cents. */
    async revenue(clientId: string, currency: string, now = new Date()) {
      const monthStart = new Date(`${utcMonthStart(now)}T00:00:00Z`);
      const [paid] = await db
        .select({
          all: sumOf(payments.amountCents),
          month: sumOf(
            sql`case when ${payments.paidAt} >= ${monthStart.toISOString()}::timestamptz then ${payments.amountCents} end`,
          ),
        })
        .from(payments)
        .where(and(eq(payments.clientId, clientId), eq(payments.currency, currency)));
      const [back] = await db
        .select({ all: sumOf(refunds.amountCents) })
        .from(refunds)
        .where(and(eq(refunds.clientId, clientId), eq(refunds.currency, currency)));
      return { paidCents: paid?.all ?? 0, paidThisMonthCents: paid?.month ?? 0, refundedCents: back?.all ?? 0 };
    },
    async openInvoices(clientId: string) {
      return db
        .select({
          invoiceId: invoices.id,
          status: invoices.status,
          amountCents: invoices.amountCents,
          currency: invoices.currency,
          checkoutUrl: invoices.checkoutUrl,
          expiresAt: invoices.expiresAt,
        })
        .from(invoices)
        .where(and(eq(invoices.clientId, clientId), inArray(invoices.status, [...OPEN_INVOICE_STATUSES])))
        .orderBy(invoices.createdAt);
    },
    /** Task ids of the client waiting in `budget_hold`. */
    async heldTasks(clientId: string): Promise<{ taskId: string; workflowId: string }[]> {
      return db
        .select({ taskId: jobs.taskId, workflowId: jobs.workflowId })
        .from(jobs)
        .where(and(eq(jobs.clientId, clientId), eq(jobs.status, 'budget_hold')));
    },
    async heldCountByClient(): Promise<Map<string, number>> {
      const rows = await db
        .select({ key: jobs.clientId, n: sql<number>`count(*)::int`.mapWith(Number) })
        .from(jobs)
        .where(eq(jobs.status, 'budget_hold'))
        .groupBy(jobs.clientId);
      return new Map(rows.map((r) => [r.key ?? '(none)', r.n]));
    },
    /** Claims the month's 80 % alert; false when it was claimed before (one alert per client and month). */
    async claimBudgetAlert(clientId: string, now = new Date()): Promise<boolean> {
      const rows = await db
        .insert(clientBudgetAlerts)
        .values({ clientId, month: utcMonth(now) })
        .onConflictDoNothing()
        .returning({ m: clientBudgetAlerts.month });
      return rows.length > 0;
    },
    async releaseBudgetAlert(clientId: string, now = new Date()): Promise<void> {
      await db
        .delete(clientBudgetAlerts)
        .where(and(eq(clientBudgetAlerts.clientId, clientId), eq(clientBudgetAlerts.month, utcMonth(now))));
    },
  };
}
export type ClientStats = ReturnType<typeof createClientStats>;

/** Moves a task's current run into or out of `budget_hold`; a stale run or a finished task is left alone. */
export function createBudgetHolds(db: Db) {
  return {
    async set(taskId: string, run: number, held: boolean): Promise<boolean> {
      const rows = await db
        .update(jobs)
        .set({ status: held ? 'budget_hold' : 'running', updatedAt: new Date() })
        .where(
          and(eq(jobs.taskId, taskId), eq(jobs.replayCount, run), eq(jobs.status, held ? 'running' : 'budget_hold')),
        )
        .returning({ id: jobs.taskId });
      return rows.length > 0;
    },
  };
}
export type BudgetHolds = ReturnType<typeof createBudgetHolds>;
