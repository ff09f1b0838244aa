import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { SettlementVerdict } from '../../../domain/payment-settlement';
import type { InvoiceStatus, PaymentProvider } from '../../../domain/payments';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const cents = (name: string) => bigint(name, { mode: 'number' });

/** Paying customers. `clients.id` is the `clientId` used by tasks (jobs.client_id) and invoices. */
export const clients = pgTable('clients', {
  id: text('id').primaryKey(),
  /** Null only for clients created by the migration from ids tasks already named (no address known). */
  email: text('email').unique(),
  name: text('name'),
  stripeCustomerId: text('stripe_customer_id'),
  /** Billing rate for media minutes, integer cents per minute (DEFAULT_RATE_USD_PER_MIN when created). */
  rateCentsPerMin: integer('rate_cents_per_min').notNull(),
  plan: text('plan').notNull().default('standard'),
  /** Billing price of one finished task, integer cents (0: tasks are not billed per piece). */
  pricePerTaskCents: integer('price_per_task_cents').notNull().default(0),
  /** Monthly LLM spend cap in micro-USD; null: no cap. */
  budgetMicroUsdPerMonth: bigint('budget_micro_usd_per_month', { mode: 'number' }),
  notifyOnDone: boolean('notify_on_done').notNull().default(false),
  /** Set by an erasure (Art. 17): name and email are gone; the id stays for the retained invoices. */
  erasedAt: ts('erased_at'),
  /** The client's row in the Notion Client database (CLIENT_DB_ID), once created or linked. */
  notionPageId: text('notion_page_id').unique(),
  /** Notion's last_edited_time of that row as of the last sync (a later one means a Notion edit). */
  notionEditedAt: ts('notion_edited_at'),
  /** When the last sync made platform and Notion agree on the contact fields. */
  notionSyncedAt: ts('notion_synced_at'),
  /** When a platform edit last changed a contact field (name, email, notifyOnDone). */
  contactUpdatedAt: ts('contact_updated_at'),
  /** Claim to create the Notion row: only the pass holding a fresh claim creates it (no double rows). */
  notionRowClaimedAt: ts('notion_row_claimed_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** One invoice line: what was billed, how many, at which unit price (integer cents). */
export interface InvoiceLineItem {
  description: string;
  quantity: number;
  unitCents: number;
  amountCents: number;
  taskId?: string;
}

/** One row per invoice; its `invoice-<id>` workflow drives the status. Money in integer cents. */
export const invoices = pgTable(
  'invoices',
  {
    id: text('id').primaryKey(),
    clientId: text('client_id')
      .notNull()
      .references(() => clients.id),
    email: text('email').notNull(),
    description: text('description'),
    amountCents: cents('amount_cents').notNull(),
    currency: text('currency').notNull(),
    status: text('status').$type<InvoiceStatus>().notNull().default('pending'),
    taskIds: jsonb('task_ids').$type<string[]>().notNull().default([]),
    lineItems: jsonb('line_items').$type<InvoiceLineItem[]>().notNull().default([]),
    /** The work period billed (`from`/`to` of create-invoice), when given. */
    periodFrom: ts('period_from'),
    periodTo: ts('period_to'),
    /** When the email with the pay link and the PDF went out (claimed once). */
    issuedEmailSentAt: ts('issued_email_sent_at'),
    /** The caller's key: the same key returns the same invoice instead of a second one. */
    idempotencyKey: text('idempotency_key').unique(),
    workflowId: text('workflow_id').notNull(),
    /** Where the client pays: stripe (Checkout Session) or paypal (Orders v2 order). */
    provider: text('provider').$type<PaymentProvider>().notNull().default('stripe'),
    stripeCheckoutSessionId: text('stripe_checkout_session_id'),
    paypalOrderId: text('paypal_order_id'),
    /** Stripe Checkout URL or PayPal approval link. */
    checkoutUrl: text('checkout_url'),
    refundedCents: cents('refunded_cents').notNull().default(0),
    /** What arrived when it did not match the invoice exactly (underpaid, mismatch, overpaid). */
    receivedAmountCents: cents('received_amount_cents'),
    receivedCurrency: text('received_currency'),
    receivedEventId: text('received_event_id'),
    receivedProviderPaymentId: text('received_provider_payment_id'),
    /** overpaid (status paid) | underpaid | mismatch (status names it too); null when exact. */
    settlementFlag: text('settlement_flag').$type<SettlementVerdict>(),
    failureCount: integer('failure_count').notNull().default(0),
    lastFailureReason: text('last_failure_reason'),
    expiresAt: ts('expires_at').notNull(),
    reminderSentAt: ts('reminder_sent_at'),
    receiptSentAt: ts('receipt_sent_at'),
    /** The paid state last written to the Notion rows of its tasks and client (reconciliation). */
    notionState: text('notion_state'),
    paidAt: ts('paid_at'),
    expiredAt: ts('expired_at'),
    /** Set by an erasure: kept for the legal retention period only, identity replaced, no mail, no processing. */
    processingRestrictedAt: ts('processing_restricted_at'),
    /** End of the legal retention period of a restricted invoice (ERASURE_RETENTION_YEARS after the erasure). */
    retainUntil: ts('retain_until'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('invoices_client_idx').on(t.clientId, t.createdAt), index('invoices_status_idx').on(t.status)],
);

/** Money received: at most one payment per invoice (the unique index makes recording idempotent). */
export const payments = pgTable(
  'payments',
  {
    id: text('id').primaryKey(),
    invoiceId: text('invoice_id')
      .notNull()
      .references(() => invoices.id),
    clientId: text('client_id')
      .notNull()
      .references(() => clients.id),
    provider: text('provider').$type<PaymentProvider>().notNull(),
    /** Stripe PaymentIntent id or PayPal capture id. */
    providerPaymentId: text('provider_payment_id'),
    amountCents: cents('amount_cents').notNull(),
    currency: text('currency').notNull(),
    refundedCents: cents('refunded_cents').notNull().default(0),
    /** The event that proved the payment (webhook or reconciliation). */
    eventId: text('event_id').notNull(),
    paidAt: ts('paid_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('payments_invoice_uq').on(t.invoiceId),
    uniqueIndex('payments_provider_ref_uq').on(t.provider, t.providerPaymentId),
    index('payments_paid_at_idx').on(t.paidAt),
  ],
);

/** Money returned. `request_key` dedupes our requests; `provider_refund_id` dedupes provider reports. */
export const refunds = pgTable(
  'refunds',
  {
    id: text('id').primaryKey(),
    paymentId: text('payment_id')
      .notNull()
      .references(() => payments.id),
    invoiceId: text('invoice_id')
      .notNull()
      .references(() => invoices.id),
    clientId: text('client_id').notNull(),
    amountCents: cents('amount_cents').notNull(),
    currency: text('currency').notNull(),
    reason: text('reason'),
    requestKey: text('request_key').unique(),
    providerRefundId: text('provider_refund_id').unique(),
    status: text('status').notNull(),
    /** api (POST /refund) | provider (made in the Stripe/PayPal dashboard, seen through an event) */
    source: text('source').notNull(),
    emailedAt: ts('emailed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('refunds_payment_idx').on(t.paymentId), index('refunds_created_idx').on(t.createdAt)],
);

/** Every provider event acted on, once: the primary key is the dedupe (`evt_…`, `paypal:WH-…`). */
export const processedPaymentEvents = pgTable(
  'processed_payment_events',
  {
    eventId: text('event_id').primaryKey(),
    provider: text('provider').$type<PaymentProvider>().notNull(),
    type: text('type').notNull(),
    /** webhook | reconciliation */
    source: text('source').notNull(),
    /** signalled | ignored */
    outcome: text('outcome').notNull(),
    workflowId: text('workflow_id'),
    eventCreatedAt: ts('event_created_at'),
    processedAt: ts('processed_at').notNull().defaultNow(),
  },
  (t) => [index('processed_payment_events_at_idx').on(t.processedAt)],
);

/** Per-provider reconciliation cursor (the `created` time of the newest event already seen). */
export const paymentCursors = pgTable('payment_cursors', {
  provider: text('provider').primaryKey(),
  cursorAt: ts('cursor_at').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** One row per reconciliation run: what it scanned and which missed events it caught. */
export const reconciliationRuns = pgTable(
  'reconciliation_runs',
  {
    id: serial('id').primaryKey(),
    source: text('source').notNull(),
    workflowId: text('workflow_id'),
    scanned: integer('scanned').notNull(),
    caught: jsonb('caught').$type<{ eventId: string; type: string; outcome: string }[]>().notNull(),
    failed: jsonb('failed').$type<{ eventId: string; error: string }[]>().notNull(),
    cursorFrom: ts('cursor_from').notNull(),
    cursorTo: ts('cursor_to').notNull(),
    startedAt: ts('started_at').notNull(),
    finishedAt: ts('finished_at').notNull().defaultNow(),
  },
  (t) => [index('reconciliation_runs_finished_idx').on(t.finishedAt)],
);
