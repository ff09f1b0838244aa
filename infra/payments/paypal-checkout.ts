import type { PaymentSucceeded } from '../../domain/payments';
import type { PaypalClient } from '../clients/paypal-client';
import type { PaypalOrder } from '../clients/paypal-orders';

/** Where PayPal sends the buyer back after approving (`token` = order id is appended by PayPal). */
export const paypalReturnUrl = (site: string, invoiceId: string) =>
  `${site}/payments/paypal/return?invoice=${encodeURIComponent(invoiceId)}`;

/** PayPal-Request-Id of an invoice's order and capture: a retry finds the first one, never a second. */
export const paypalRequestIds = (invoiceId: string) => ({
  order: `order-${invoiceId}`,
  capture: `capture-${invoiceId}`,
});

/**
 * Captures an approved order (the buyer approved, the money moves only now); an order captured
 * before is returned as it is. Anything else (not yet approved, voided) is returned unchanged.
 */
export async function captureIfApproved(
  paypal: PaypalClient,
  invoiceId: string,
  orderId: string,
): Promise<PaypalOrder> {
  const order = await paypal.getOrder(orderId);
  if (order.status !== 'APPROVED') return order;
  return paypal.captureOrder(orderId, paypalRequestIds(invoiceId).capture);
}

/** The completed capture of an order as the payment that pays the invoice, if there is one. */
export function capturedPayment(order: PaypalOrder): PaymentSucceeded | undefined {
  const cap = order.captures.find((c) => c.status === 'COMPLETED');
  if (!cap || cap.amountCents === undefined || !cap.currency) return undefined;
  return {
    eventId: `paypal-capture:${cap.captureId}`,
    provider: 'paypal',
    providerPaymentId: cap.captureId,
    amountCents: cap.amountCents,
    currency: cap.currency,
  };
}
