import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  CheckoutExpired,
  CheckoutInfo,
  InvoiceState,
  PaymentFailed,
  PaymentSucceeded,
  RefundObserved,
  RefundRequest,
  RefundResult,
} from '../payments';

// Signal/update/query definitions of the payment workflows, shared by the API, the reconciliation
// activity and the tests, so a name can never drift between sender and receiver.

/** Stripe `checkout.session.completed` / `payment_intent.succeeded`, PayPal `PAYMENT.CAPTURE.COMPLETED`. */
export const invoicePaymentSucceeded = defineSignal<[PaymentSucceeded]>('invoicePaymentSucceeded');
/** Stripe `payment_intent.payment_failed`, PayPal `PAYMENT.CAPTURE.DENIED`: recorded; the invoice stays open. */
export const invoicePaymentFailed = defineSignal<[PaymentFailed]>('invoicePaymentFailed');
/** Stripe `checkout.session.expired`: the checkout can no longer be paid. */
export const invoiceCheckoutExpired = defineSignal<[CheckoutExpired]>('invoiceCheckoutExpired');
/** Waits until the invoice workflow has its Checkout Session; answers the checkout URL. */
export const invoiceCheckout = defineUpdate<CheckoutInfo>('invoiceCheckout');
export const invoiceState = defineQuery<InvoiceState>('invoiceState');

/** Stripe `charge.refunded`, PayPal `PAYMENT.CAPTURE.REFUNDED`, to `refund-<paymentId>`. */
export const paymentRefunded = defineSignal<[RefundObserved]>('paymentRefunded');
/** `POST /refund`: runs (or finds) one refund request, serialised per payment. */
export const requestRefund = defineUpdate<RefundResult, [RefundRequest]>('requestRefund');
