import { and, eq, inArray, sql } from 'drizzle-orm';
import type { PaymentProvider, TaskPaymentStatus } from '../../../domain/payments';
import type { Db } from '../open-database';
import { prefixedId } from '../prefixed-id';
import { invoices, jobs, payments, refunds } from '../schema';
import type { PaymentRow } from './invoices';
import { createRefundFailures } from './refund-failures';

export type { PaymentRow };
export type RefundRow = typeof refunds.$inferSelect;

export const newRefundId = () => prefixedId('rf');

export interface InsertRefundInput {
  paymentId: string;
  amountCents: number;
  reason?: string;
  requestKey?: string;
  providerRefundId?: string;
  status: string;
  source: 'api' | 'provider';
}

export function createPaymentsLedger(db: Db) {
  return {
    ...createRefundFailures(db),
    async get(paymentId: string): Promise<PaymentRow | undefined> {
      const [row] = await db.select().from(payments).where(eq(payments.id, paymentId));
      return row;
    },
    async byInvoice(invoiceId: string): Promise<PaymentRow | undefined> {
      const [row] = await db.select().from(payments).where(eq(payments.invoiceId, invoiceId));
      return row;
    },
    async byProviderRef(provider: PaymentProvider, ref: string): Promise<PaymentRow | undefined> {
      const [row] = await db
        .select()
        .from(payments)
        .where(and(eq(payments.provider, provider), eq(payments.providerPaymentId, ref)));
      return row;
    },
    async refundByRequestKey(key: string): Promise<RefundRow | undefined> {
      const [row] = await db.select().from(refunds).where(eq(refunds.requestKey, key));
      return row;
    },
    async refundsOf(paymentId: string): Promise<RefundRow[]> {
      return db.select().from(refunds).where(eq(refunds.paymentId, paymentId)).orderBy(refunds.createdAt);
    },
    async knownProviderRefundIds(ids: string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const rows = await db
        .select({ id: refunds.providerRefundId })
        .from(refunds)
        .where(inArray(refunds.providerRefundId, ids));
      return new Set(rows.map((r) => r.id!));
    },
    /**
     * Adds a refund and recomputes the payment's and invoice's refunded totals from the refund rows
     * (the source of truth), in one transaction. A refund already stored (same request key or
     * provider refund id) is not added again. Fully refunded → invoice and tasks `refunded`; in part → `partially_refunded`.
     */
    async insertRefund(r: InsertRefundInput): Promise<{ refund: RefundRow; created: boolean; payment: PaymentRow }> {
      return db.transaction(async (tx) => {
        const [pay] = await tx.select().from(payments).where(eq(payments.id, r.paymentId));
        if (!pay) throw new Error(`payment ${r.paymentId} not found`);
        const inserted = await tx
          .insert(refunds)
          .values({
            id: newRefundId(),
            paymentId: pay.id,
            invoiceId: pay.invoiceId,
            clientId: pay.clientId,
            amountCents: r.amountCents,
            currency: pay.currency,
            reason: r.reason,
            requestKey: r.requestKey,
            providerRefundId: r.providerRefundId,
            status: r.status,
            source: r.source,
          })
          .onConflictDoNothing()
          .returning();
        const refund =
          inserted[0] ??
          (
            await tx
              .select()
              .from(refunds)
              .where(
                r.requestKey
                  ? eq(refunds.requestKey, r.requestKey)
                  : eq(refunds.providerRefundId, r.providerRefundId ?? ''),
              )
          )[0]!;
        const [{ total } = { total: 0 }] = await tx
          .select({ total: sql<number>`coalesce(sum(${refunds.amountCents}), 0)::bigint`.mapWith(Number) })
          .from(refunds)
          .where(eq(refunds.paymentId, pay.id));
        const full = total >= pay.amountCents;
        const now = new Date();
        const [updated] = await tx
          .update(payments)
          .set({ refundedCents: total })
          .where(eq(payments.id, pay.id))
          .returning();
        await tx
          .update(invoices)
          .set({ refundedCents: total, status: full ? 'refunded' : 'partially_refunded', updatedAt: now })
          .where(eq(invoices.id, pay.invoiceId));
        // The invoice's tasks follow it: job replay never re-runs a task whose money went back, in part or in full.
        const [inv] = await tx
          .select({ taskIds: invoices.taskIds })
          .from(invoices)
          .where(eq(invoices.id, pay.invoiceId));
        if (total > 0 && inv && inv.taskIds.length > 0) {
          const paymentStatus: TaskPaymentStatus = full ? 'refunded' : 'partially_refunded';
          await tx.update(jobs).set({ paymentStatus, updatedAt: now }).where(inArray(jobs.taskId, inv.taskIds));
        }
        return { refund, created: inserted.length > 0, payment: updated! };
      });
    },
    async markRefundEmailed(refundId: string): Promise<boolean> {
      const rows = await db
        .update(refunds)
        .set({ emailedAt: new Date() })
        .where(and(eq(refunds.id, refundId), sql`${refunds.emailedAt} is null`))
        .returning({ id: refunds.id });
      return rows.length > 0;
    },
  };
}
export type PaymentsLedger = ReturnType<typeof createPaymentsLedger>;
