import { bigint, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { PaymentProvider } from '../../../domain/payments';
import { payments } from './payments';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Refund requests the provider would not create (Stripe or PayPal refund creation failed after its
 * retries). Kept apart from `refunds`, whose rows are money returned and add up to `refunded_cents`.
 * One row per request key: sending the same request again retries it; when a retry goes through, the
 * row is `resolved` with the refund's id. Codes and ids only, never the provider's free text.
 */
export const refundFailures = pgTable(
  'refund_failures',
  {
    id: text('id').primaryKey(),
    paymentId: text('payment_id')
      .notNull()
      .references(() => payments.id),
    requestKey: text('request_key').notNull().unique(),
    provider: text('provider').$type<PaymentProvider>().notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    /** The activity's failure type (stripe_rejected, paypal_rejected, internal for network/5xx). */
    failureType: text('failure_type').notNull(),
    /** Stripe's error code or PayPal's issue name, when the provider gave one. */
    failureCode: text('failure_code'),
    /** failed (send the same request again to retry) | resolved (a retry refunded it) */
    status: text('status').notNull().default('failed'),
    failures: integer('failures').notNull().default(1),
    refundId: text('refund_id'),
    firstFailedAt: ts('first_failed_at').notNull().defaultNow(),
    lastFailedAt: ts('last_failed_at').notNull().defaultNow(),
    resolvedAt: ts('resolved_at'),
  },
  (t) => [index('refund_failures_payment_idx').on(t.paymentId)],
);
