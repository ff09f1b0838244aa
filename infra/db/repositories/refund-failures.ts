import { and, asc, eq, sql } from 'drizzle-orm';
import type { PaymentProvider } from '../../../domain/payments';
import type { Db } from '../open-database';
import { prefixedId } from '../prefixed-id';
import { refundFailures } from '../schema';

export type RefundFailureRow = typeof refundFailures.$inferSelect;

export interface RefundFailureInput {
  paymentId: string;
  requestKey: string;
  provider: PaymentProvider;
  amountCents: number;
  failureType: string;
  failureCode: string | null;
}

/**
 * Refund requests the provider would not create, one row per request key (schema/refund-failures.ts).
 * Part of the payments ledger's surface (payments-ledger.ts spreads these in).
 */
export function createRefundFailures(db: Db) {
  return {
    /** Records a failed creation; a repeated failure of the same request counts up on its row. */
    async recordRefundFailure(r: RefundFailureInput): Promise<{ failure: RefundFailureRow; created: boolean }> {
      const now = new Date();
      const [row] = await db
        .insert(refundFailures)
        .values({ id: prefixedId('rff'), ...r, firstFailedAt: now, lastFailedAt: now })
        .onConflictDoUpdate({
          target: refundFailures.requestKey,
          set: {
            failureType: r.failureType,
            failureCode: r.failureCode,
            amountCents: r.amountCents,
            status: 'failed',
            failures: sql`${refundFailures.failures} + 1`,
            lastFailedAt: now,
            resolvedAt: null,
            refundId: null,
          },
        })
        .returning();
      return { failure: row!, created: row!.failures === 1 };
    },
    /** A retry of the request went through: the failure is resolved by that refund. */
    async resolveRefundFailure(requestKey: string, refundId: string): Promise<boolean> {
      const done = await db
        .update(refundFailures)
        .set({ status: 'resolved', refundId, resolvedAt: new Date() })
        .where(and(eq(refundFailures.requestKey, requestKey), eq(refundFailures.status, 'failed')))
        .returning({ id: refundFailures.id });
      return done.length > 0;
    },
    async refundFailuresOf(paymentId: string): Promise<RefundFailureRow[]> {
      return db
        .select()
        .from(refundFailures)
        .where(eq(refundFailures.paymentId, paymentId))
        .orderBy(asc(refundFailures.firstFailedAt), asc(refundFailures.id));
    },
  };
}
