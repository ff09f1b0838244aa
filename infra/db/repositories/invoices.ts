import { and, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import { UNSETTLED_STATUSES, type UnsettledStatus } from '../../../domain/payment-settlement';
import { PAID_STATUSES, type InvoiceStatus, type PaymentProvider } from '../../../domain/payments';
import type { Db } from '../open-database';
import { taskNotRefunded } from './job-conditions';
import { prefixedId } from '../prefixed-id';
import { invoices, jobs, payments } from '../schema';

export type InvoiceRow = typeof invoices.$inferSelect;
export type PaymentRow = typeof payments.$inferSelect;

/** issued: the email with the pay link and the PDF at creation. */
export type InvoiceEmail = 'issued' | 'reminder' | 'receipt';
const SENT_AT = { issued: 'issuedEmailSentAt', reminder: 'reminderSentAt', receipt: 'receiptSentAt' } as const;

export const newInvoiceId = () => prefixedId('inv');

export interface RecordPaymentInput {
  paymentId: string;
  invoiceId: string;
  provider: PaymentProvider;
  providerPaymentId?: string;
  amountCents: number;
  currency: string;
  eventId: string;
  /** `overpaid`: the payment settles the invoice and is flagged for an operator. */
  overpaid?: boolean;
}

export interface UnsettledPaymentInput {
  invoiceId: string;
  status: UnsettledStatus;
  amountCents: number;
  currency: string;
  eventId: string;
  providerPaymentId?: string;
}

export function createInvoiceRepository(db: Db) {
  return {
    async insert(row: typeof invoices.$inferInsert): Promise<InvoiceRow> {
      const [created] = await db.insert(invoices).values(row).returning();
      return created!;
    },
    async get(id: string): Promise<InvoiceRow | undefined> {
      const [row] = await db.select().from(invoices).where(eq(invoices.id, id));
      return row;
    },
    async byIdempotencyKey(key: string): Promise<InvoiceRow | undefined> {
      const [row] = await db.select().from(invoices).where(eq(invoices.idempotencyKey, key));
      return row;
    },
    async existingTaskIds(taskIds: string[]): Promise<Set<string>> {
      if (taskIds.length === 0) return new Set();
      const rows = await db.select({ id: jobs.taskId }).from(jobs).where(inArray(jobs.taskId, taskIds));
      return new Set(rows.map((r) => r.id));
    },
    /** Tasks on a new invoice are unpaid until it is paid (never downgrades a paid task). */
    async markTasksUnpaid(taskIds: string[]): Promise<void> {
      if (taskIds.length === 0) return;
      await db
        .update(jobs)
        .set({ paymentStatus: 'unpaid', updatedAt: new Date() })
        .where(and(inArray(jobs.taskId, taskIds), isNull(jobs.paymentStatus)));
    },
    async setCheckout(id: string, sessionId: string, url: string): Promise<void> {
      await db
        .update(invoices)
        .set({ stripeCheckoutSessionId: sessionId, checkoutUrl: url, status: 'open', updatedAt: new Date() })
        .where(and(eq(invoices.id, id), eq(invoices.status, 'pending')));
    },
    async setPaypalCheckout(id: string, orderId: string, url: string): Promise<void> {
      await db
        .update(invoices)
        .set({ paypalOrderId: orderId, checkoutUrl: url, status: 'open', updatedAt: new Date() })
        .where(and(eq(invoices.id, id), eq(invoices.status, 'pending')));
    },
    async setStatus(
      id: string,
      status: InvoiceStatus,
      extra: Partial<typeof invoices.$inferInsert> = {},
    ): Promise<void> {
      await db
        .update(invoices)
        .set({ status, ...extra, updatedAt: new Date() })
        .where(eq(invoices.id, id));
    },
    /** Marks expired unless a payment got there first. Returns whether it changed the row. */
    async markExpired(id: string): Promise<boolean> {
      const rows = await db
        .update(invoices)
        .set({ status: 'expired', expiredAt: new Date(), updatedAt: new Date() })
        .where(and(eq(invoices.id, id), inArray(invoices.status, ['pending', 'open'])))
        .returning({ id: invoices.id });
      return rows.length > 0;
    },
    async recordFailure(id: string, reason: string): Promise<void> {
      await db
        .update(invoices)
        .set({
          failureCount: sql`${invoices.failureCount} + 1`,
          lastFailureReason: reason.slice(0, 500),
          updatedAt: new Date(),
        })
        .where(eq(invoices.id, id));
    },
    /** Sets a *_sent_at flag once; false when it was already set (the email went out before). */
    async claimEmail(id: string, which: InvoiceEmail): Promise<boolean> {
      const rows = await db
        .update(invoices)
        .set({ [SENT_AT[which]]: new Date() })
        // An invoice whose processing an erasure restricted gets no mail at all (its address is a placeholder).
        .where(and(eq(invoices.id, id), isNull(invoices[SENT_AT[which]]), isNull(invoices.processingRestrictedAt)))
        .returning({ id: invoices.id });
      return rows.length > 0;
    },
    async releaseEmail(id: string, which: InvoiceEmail): Promise<void> {
      await db
        .update(invoices)
        .set({ [SENT_AT[which]]: null })
        .where(eq(invoices.id, id));
    },
    /**
     * A payment that does not settle the invoice: what arrived is kept, the invoice stays unpaid
     * (`underpaid`/`mismatch`). A paid invoice is never downgraded. Returns whether it changed the row.
     */
    async recordUnsettled(u: UnsettledPaymentInput): Promise<boolean> {
      const rows = await db
        .update(invoices)
        .set({
          status: u.status,
          settlementFlag: u.status,
          receivedAmountCents: u.amountCents,
          receivedCurrency: u.currency,
          receivedEventId: u.eventId,
          receivedProviderPaymentId: u.providerPaymentId ?? null,
          updatedAt: new Date(),
        })
        .where(and(eq(invoices.id, u.invoiceId), inArray(invoices.status, ['pending', 'open', ...UNSETTLED_STATUSES])))
        .returning({ id: invoices.id });
      return rows.length > 0;
    },
    /**
     * Records the payment, marks the invoice and its tasks paid, in one transaction. Idempotent:
     * a second call for the same invoice changes nothing and returns the stored payment.
     */
    async recordPayment(p: RecordPaymentInput): Promise<{ payment: PaymentRow; created: boolean }> {
      return db.transaction(async (tx) => {
        const [inv] = await tx.select().from(invoices).where(eq(invoices.id, p.invoiceId));
        if (!inv) throw new Error(`invoice ${p.invoiceId} not found`);
        const inserted = await tx
          .insert(payments)
          .values({
            id: p.paymentId,
            invoiceId: p.invoiceId,
            clientId: inv.clientId,
            provider: p.provider,
            providerPaymentId: p.providerPaymentId,
            amountCents: p.amountCents,
            currency: p.currency,
            eventId: p.eventId,
          })
          .onConflictDoNothing()
          .returning();
        if (inserted.length === 0) {
          const [existing] = await tx.select().from(payments).where(eq(payments.invoiceId, p.invoiceId));
          return { payment: existing!, created: false };
        }
        const now = new Date();
        const flag = p.overpaid
          ? {
              settlementFlag: 'overpaid' as const,
              receivedAmountCents: p.amountCents,
              receivedCurrency: p.currency,
              receivedEventId: p.eventId,
              receivedProviderPaymentId: p.providerPaymentId ?? null,
            }
          : {};
        await tx
          .update(invoices)
          .set({ status: 'paid', paidAt: now, updatedAt: now, ...flag })
          .where(and(eq(invoices.id, p.invoiceId), notInArray(invoices.status, [...PAID_STATUSES])));
        if (inv.taskIds.length > 0) {
          await tx
            .update(jobs)
            .set({ paymentStatus: 'paid', updatedAt: now })
            .where(and(inArray(jobs.taskId, inv.taskIds), taskNotRefunded));
        }
        return { payment: inserted[0]!, created: true };
      });
    },
  };
}
export type InvoiceRepository = ReturnType<typeof createInvoiceRepository>;
