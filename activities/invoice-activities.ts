import { callerWorkflow } from './activity-context';
import { alertFailure } from './failure-alerts';
import { ApplicationFailure } from '@temporalio/common';
import {
  PAYMENT_FAILURE_TYPES,
  type InvoiceStatus,
  type PaymentFailed,
  type PaymentSucceeded,
  paymentIdForInvoice,
} from '../domain/payments';
import type { InvoiceRow } from '../infra/db/repositories/invoices';
import { requireStripe, stripeFailure } from '../infra/payments/stripe-failures';
import { createPaypalInvoiceCheckout } from './paypal-invoice-checkout';
import type { PaymentActivityDeps } from './payment-deps';

/** What the invoice workflow needs to know to wait: durations are computed here, not in workflow code. */
export interface PreparedInvoice {
  status: InvoiceStatus;
  checkoutUrl?: string;
  expiresAt: string;
  msUntilExpiry: number;
  /** Unset when the reminder was sent already or the expiry is too short for one. */
  msUntilReminder?: number;
}

/** Stripe allows a Checkout Session to live 30 min … 24 h; shorter invoice expiries are enforced by us. */
const STRIPE_MIN_SESSION_SECONDS = 30 * 60;

/** The invoice row, or a non-retryable `invoice_not_found`. */
export async function loadInvoice(d: PaymentActivityDeps['payments'], invoiceId: string): Promise<InvoiceRow> {
  const inv = await d.invoices.get(invoiceId);
  if (!inv)
    throw ApplicationFailure.nonRetryable(`Invoice ${invoiceId} not found`, PAYMENT_FAILURE_TYPES.invoiceNotFound);
  return inv;
}

export function createInvoiceActivities(deps: PaymentActivityDeps) {
  const { payments: d, metrics } = deps;
  const load = (invoiceId: string) => loadInvoice(d, invoiceId);
  const paypal = createPaypalInvoiceCheckout(d);

  function timing(inv: InvoiceRow): PreparedInvoice {
    const now = Date.now();
    const msUntilExpiry = Math.max(0, inv.expiresAt.getTime() - now);
    const reminderAt = inv.expiresAt.getTime() - d.config.payments.reminderBeforeSeconds * 1000;
    const remind = !inv.reminderSentAt && reminderAt > inv.createdAt.getTime();
    return {
      status: inv.status,
      checkoutUrl: inv.checkoutUrl ?? undefined,
      expiresAt: inv.expiresAt.toISOString(),
      msUntilExpiry,
      ...(remind && { msUntilReminder: Math.max(0, reminderAt - now) }),
    };
  }

  async function stripeCustomerFor(inv: InvoiceRow): Promise<string> {
    const client = await d.clients.get(inv.clientId);
    if (client?.stripeCustomerId) return client.stripeCustomerId;
    const stripe = requireStripe(d.stripe);
    try {
      // Reuse a customer created outside the platform for this email before making a new one.
      const found = await stripe.customers.list({ email: inv.email, limit: 1 });
      const match = found.data.find((c) => c.email?.toLowerCase() === inv.email.toLowerCase());
      const customer =
        match ??
        (await stripe.customers.create(
          { email: inv.email, name: client?.name ?? undefined, metadata: { clientId: inv.clientId } },
          { idempotencyKey: `customer-${inv.clientId}` },
        ));
      return await d.clients.setStripeCustomerId(inv.clientId, customer.id);
    } catch (err) {
      throw stripeFailure(err, 'create the customer');
    }
  }

  return {
    /** Gets or creates the Stripe customer and the Checkout Session (idempotency keys from the invoice id). */
    async prepareInvoiceCheckout(invoiceId: string): Promise<PreparedInvoice> {
      const inv = await load(invoiceId);
      if (inv.provider === 'paypal') {
        if (inv.status === 'pending' && !inv.paypalOrderId) await paypal.createOrder(inv);
        return timing(await load(invoiceId));
      }
      if (inv.status !== 'pending' || inv.stripeCheckoutSessionId) return timing(inv);
      const customer = await stripeCustomerFor(inv);
      const stripe = requireStripe(d.stripe);
      const lifetime = Math.round((inv.expiresAt.getTime() - Date.now()) / 1000);
      try {
        const session = await stripe.checkout.sessions.create(
          {
            mode: 'payment',
            customer,
            client_reference_id: inv.id,
            success_url: `${d.config.payments.successUrl}?invoice=${inv.id}`,
            cancel_url: `${d.config.payments.cancelUrl}?invoice=${inv.id}`,
            line_items: [
              {
                quantity: 1,
                price_data: {
                  currency: inv.currency,
                  unit_amount: inv.amountCents,
                  product_data: { name: inv.description || `Invoice ${inv.id}` },
                },
              },
            ],
            metadata: { invoiceId: inv.id, clientId: inv.clientId },
            payment_intent_data: { metadata: { invoiceId: inv.id, clientId: inv.clientId } },
            ...(lifetime >= STRIPE_MIN_SESSION_SECONDS && { expires_at: Math.floor(inv.expiresAt.getTime() / 1000) }),
          },
          { idempotencyKey: `checkout-${inv.id}` },
        );
        if (!session.url)
          throw ApplicationFailure.nonRetryable(
            'Stripe returned a Checkout Session without a URL',
            PAYMENT_FAILURE_TYPES.stripeRejected,
          );
        await d.invoices.setCheckout(inv.id, session.id, session.url);
      } catch (err) {
        throw stripeFailure(err, 'create the Checkout Session');
      }
      return timing(await load(invoiceId));
    },

    async markInvoiceFailed(invoiceId: string, reason: string): Promise<void> {
      await d.invoices.setStatus(invoiceId, 'failed', { lastFailureReason: reason.slice(0, 500) });
      await alertFailure(deps, {
        subject: `payment:${invoiceId}`,
        severity: 'warning',
        title: `Payment failed for invoice ${invoiceId}`,
        text: `Invoice ${invoiceId} is marked failed: ${reason.slice(0, 300)}`,
        workflowId: callerWorkflow().workflowId,
      });
    },

    /** Payment row + invoice and tasks `paid`, in one transaction; repeated calls change nothing. */
    async recordInvoicePayment(
      invoiceId: string,
      p: PaymentSucceeded,
    ): Promise<{ paymentId: string; created: boolean; amountCents: number }> {
      const inv = await load(invoiceId);
      const { payment, created } = await d.invoices.recordPayment({
        paymentId: paymentIdForInvoice(inv.id),
        invoiceId: inv.id,
        provider: p.provider,
        providerPaymentId: p.providerPaymentId,
        amountCents: p.amountCents,
        currency: p.currency.toLowerCase(),
        eventId: p.eventId,
      });
      if (created) {
        metrics.payments.inc({ provider: p.provider, currency: payment.currency });
        metrics.paymentAmount.inc({ currency: payment.currency }, payment.amountCents);
      }
      if (created && (p.amountCents !== inv.amountCents || p.currency.toLowerCase() !== inv.currency)) {
        d.logger.warn(
          { invoiceId, paid: p.amountCents, expected: inv.amountCents },
          'payment amount differs from the invoice',
        );
      }
      return { paymentId: payment.id, created, amountCents: payment.amountCents };
    },

    async recordInvoicePaymentFailure(invoiceId: string, f: PaymentFailed): Promise<void> {
      await d.invoices.recordFailure(invoiceId, `${f.provider}: ${f.reason}`);
    },

    /**
     * Expires the Checkout Session at Stripe, then the invoice. If Stripe says the session was
     * completed meanwhile, the payment wins: its details are returned for the workflow to record.
     */
    async expireInvoiceCheckout(
      invoiceId: string,
    ): Promise<{ outcome: 'expired' | 'paid_meanwhile' | 'not_open'; payment?: PaymentSucceeded }> {
      const inv = await load(invoiceId);
      if (inv.status !== 'pending' && inv.status !== 'open') return { outcome: 'not_open' };
      if (inv.provider === 'paypal') {
        const payment = await paypal.paidAtExpiry(inv);
        if (payment) return { outcome: 'paid_meanwhile', payment };
        return { outcome: (await d.invoices.markExpired(invoiceId)) ? 'expired' : 'not_open' };
      }
      const sessionId = inv.stripeCheckoutSessionId;
      if (sessionId && d.stripe) {
        try {
          await d.stripe.checkout.sessions.expire(sessionId, {}, { idempotencyKey: `expire-${inv.id}` });
        } catch (err) {
          const failure = stripeFailure(err, 'expire the Checkout Session');
          if (!(failure instanceof ApplicationFailure)) throw failure; // transient: retry
          const session = await d.stripe.checkout.sessions.retrieve(sessionId);
          if (session.status === 'complete' && session.payment_status === 'paid') {
            const pi = typeof session.payment_intent === 'string' ? session.payment_intent : session.payment_intent?.id;
            return {
              outcome: 'paid_meanwhile',
              payment: {
                eventId: `checkout:${session.id}`,
                provider: 'stripe',
                providerPaymentId: pi,
                amountCents: session.amount_total ?? inv.amountCents,
                currency: session.currency ?? inv.currency,
              },
            };
          }
          if (session.status === 'open') throw failure; // still payable yet not expirable: surface it
        }
      }
      return { outcome: (await d.invoices.markExpired(invoiceId)) ? 'expired' : 'not_open' };
    },

    /** One audit-chain entry; the dedupe key makes retries and replays add nothing. */
    async appendPaymentAudit(e: {
      action: string;
      subject: string;
      details: Record<string, unknown>;
      dedupeKey: string;
    }): Promise<number> {
      const { entry } = await d.audit.append({ actor: 'system:payments', ...e });
      return entry.id;
    },
  };
}
export type InvoiceActivities = ReturnType<typeof createInvoiceActivities>;
