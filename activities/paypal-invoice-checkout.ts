import type { PaymentSucceeded } from '../domain/payments';
import type { InvoiceRow } from '../infra/db/repositories/invoices';
import { paypalFailure, requirePaypal } from '../infra/payments/paypal-failures';
import {
  captureIfApproved,
  capturedPayment,
  paypalRequestIds,
  paypalReturnUrl,
} from '../infra/payments/paypal-checkout';
import type { PaymentActivityDeps } from './payment-deps';

/** The PayPal side of an invoice's checkout: the order (with its approval link) and the last look at expiry. */
export function createPaypalInvoiceCheckout(d: PaymentActivityDeps['payments']) {
  const site = d.config.payments.siteUrl;
  return {
    /** Creates the Orders v2 order; PayPal-Request-Id from the invoice id makes a retry return the same order. */
    async createOrder(inv: InvoiceRow): Promise<void> {
      const paypal = requirePaypal(d.paypal);
      try {
        const order = await paypal.createOrder({
          requestId: paypalRequestIds(inv.id).order,
          invoiceId: inv.id,
          amountCents: inv.amountCents,
          currency: inv.currency,
          description: inv.description || `Invoice ${inv.id}`,
          returnUrl: paypalReturnUrl(site, inv.id),
          cancelUrl: `${d.config.payments.cancelUrl}?invoice=${encodeURIComponent(inv.id)}`,
        });
        await d.invoices.setPaypalCheckout(inv.id, order.orderId, order.approvalUrl!);
      } catch (err) {
        throw paypalFailure(err);
      }
    },

    /**
     * At expiry: an order the buyer approved but nobody captured is captured now (they agreed to
     * pay), and a completed capture wins over the expiry, as a Stripe payment does.
     */
    async paidAtExpiry(inv: InvoiceRow): Promise<PaymentSucceeded | undefined> {
      if (!inv.paypalOrderId) return undefined;
      try {
        return capturedPayment(await captureIfApproved(requirePaypal(d.paypal), inv.id, inv.paypalOrderId));
      } catch (err) {
        throw paypalFailure(err);
      }
    },
  };
}
