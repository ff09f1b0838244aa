import { and, asc, eq, inArray, isNotNull, isNull, ne, or } from 'drizzle-orm';
import { PAID_STATUSES } from '../../../domain/payments';
import type { Db } from '../open-database';
import { invoices, jobs } from '../schema';
import type { InvoiceRow } from './invoices';

/** Invoices waiting for money: a PayPal capture for one of these is a payment the platform may have missed. */
const UNPAID = ['open', 'pending'] as const;

/** What reconciliation reads beside the provider: unpaid PayPal orders, and paid state not yet in Notion. */
export function createReconciliationReads(db: Db) {
  return {
    /** Unpaid PayPal invoices that have an order, oldest first (bounded per run). */
    async unpaidPaypalInvoices(limit = 500): Promise<InvoiceRow[]> {
      return db
        .select()
        .from(invoices)
        .where(
          and(
            eq(invoices.provider, 'paypal'),
            inArray(invoices.status, [...UNPAID]),
            isNotNull(invoices.paypalOrderId),
          ),
        )
        .orderBy(asc(invoices.createdAt))
        .limit(limit);
    },

    /** Paid (or refunded) invoices whose current state was not written to Notion yet. */
    async notionStatePending(limit = 200): Promise<InvoiceRow[]> {
      return db
        .select()
        .from(invoices)
        .where(
          and(
            inArray(invoices.status, [...PAID_STATUSES]),
            or(isNull(invoices.notionState), ne(invoices.notionState, invoices.status)),
          ),
        )
        .orderBy(asc(invoices.updatedAt))
        .limit(limit);
    },

    async setNotionState(invoiceId: string, state: string): Promise<void> {
      await db.update(invoices).set({ notionState: state }).where(eq(invoices.id, invoiceId));
    },

    /** The Notion queue pages of these tasks (tasks that came from Notion). */
    async taskPages(taskIds: string[]): Promise<{ taskId: string; pageId: string }[]> {
      if (taskIds.length === 0) return [];
      const rows = await db
        .select({ taskId: jobs.taskId, pageId: jobs.notionPageId })
        .from(jobs)
        .where(and(inArray(jobs.taskId, taskIds), isNotNull(jobs.notionPageId)));
      return rows.flatMap((r) => (r.pageId ? [{ taskId: r.taskId, pageId: r.pageId }] : []));
    },
  };
}
export type ReconciliationReads = ReturnType<typeof createReconciliationReads>;
