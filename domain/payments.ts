/** Invoice lifecycle, kept in `invoices.status`. */
/** `underpaid`/`mismatch`: money arrived that does not settle the invoice (domain/payment-settlement.ts). */
export const INVOICE_STATUSES = [
  'pending',
  'open',
  'paid',
  'partially_refunded',
  'refunded',
  'expired',
  'failed',
  'underpaid',
  'mismatch',
] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
/** An invoice in one of these states has been paid (refunds happen after payment). */
export const PAID_STATUSES: readonly InvoiceStatus[] = ['paid', 'partially_refunded', 'refunded'];

/** A task's payment state (jobs.payment_status), following its invoice. */
export const TASK_PAYMENT_STATUSES = ['unpaid', 'paid', 'partially_refunded', 'refunded'] as const;
export type TaskPaymentStatus = (typeof TASK_PAYMENT_STATUSES)[number];
/** Money went back to the client for these tasks (in full or in part): never re-run automatically. */
export const REFUNDED_TASK_PAYMENT_STATUSES: readonly TaskPaymentStatus[] = ['partially_refunded', 'refunded'];

export type PaymentProvider = 'stripe' | 'paypal';

/** Workflow ids from business keys: a repeated webhook, scan or click finds the same run. */
export const invoiceWorkflowId = (invoiceId: string) => `invoice-${invoiceId}`;
export const refundWorkflowId = (paymentId: string) => `refund-${paymentId}`;
/** One payment per invoice, so its id derives from the invoice id (idempotent inserts). */
export const paymentIdForInvoice = (invoiceId: string) => `pay_${invoiceId.replace(/^inv_/, '')}`;

/** The Stripe events the platform acts on (webhook and reconciliation alike). */
export const STRIPE_EVENT_TYPES = [
  'checkout.session.completed',
  'checkout.session.expired',
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'charge.refunded',
] as const;
export type StripeEventType = (typeof STRIPE_EVENT_TYPES)[number];

export interface InvoiceWorkflowInput {
  invoiceId: string;
}

/** Payload of `invoicePaymentSucceeded`. */
export interface PaymentSucceeded {
  eventId: string;
  provider: PaymentProvider;
  /** Stripe PaymentIntent id or PayPal capture id. */
  providerPaymentId?: string;
  amountCents: number;
  currency: string;
}

export interface PaymentFailed {
  eventId: string;
  provider: PaymentProvider;
  reason: string;
}

export interface CheckoutExpired {
  eventId: string;
}

/** Payload of `paymentRefunded`: refunds Stripe or PayPal report for a payment, ours or made elsewhere. */
export interface RefundObserved {
  eventId: string;
  refunds: { providerRefundId: string; amountCents: number }[];
  /** The provider's running total (Stripe `amount_refunded`), for events that do not list each refund. */
  totalRefundedCents?: number;
  /** Names the total-only record, e.g. the charge id. */
  providerRef?: string;
}

export interface CheckoutInfo {
  invoiceId: string;
  checkoutUrl: string;
  expiresAt: string;
}

export interface InvoiceState {
  invoiceId: string;
  status: InvoiceStatus | 'starting';
  checkoutUrl?: string;
  paymentEvents: string[];
  failures: number;
  reminderSent: boolean;
}

export interface RefundWorkflowInput {
  paymentId: string;
}

export interface RefundRequest {
  /** Dedupe key: the caller's idempotencyKey, else derived from the request's content. */
  requestKey: string;
  /** Unset = everything that remains. */
  amountCents?: number;
  reason: string;
}

export interface RefundResult {
  refundId: string;
  paymentId: string;
  invoiceId: string;
  amountCents: number;
  refundedTotalCents: number;
  remainingCents: number;
  status: string;
  /** True when this request had been made before and nothing new was refunded. */
  duplicate: boolean;
}

/** ApplicationFailure types of the payment workflows, mapped to HTTP statuses by the API. */
export const PAYMENT_FAILURE_TYPES = {
  notConfigured: 'stripe_not_configured',
  stripeRejected: 'stripe_rejected',
  invoiceNotFound: 'invoice_not_found',
  paymentNotFound: 'payment_not_found',
  nothingToRefund: 'nothing_to_refund',
  exceedsRemaining: 'refund_exceeds_remaining',
  unsupportedProvider: 'unsupported_provider',
  paypalNotConfigured: 'paypal_not_configured',
  paypalRejected: 'paypal_rejected',
} as const;
