import { ApplicationFailure } from '@temporalio/common';
import { PAYMENT_FAILURE_TYPES } from '../../domain/payments';
import { PaypalRejectedError } from '../clients/paypal-errors';
import type { PaypalClient } from '../clients/paypal-client';

/**
 * A PayPal rejection (4xx) becomes a non-retryable ApplicationFailure with PayPal's error name;
 * anything else (unreachable, 5xx, 429) is rethrown for Temporal to retry with the same request id.
 */
export function paypalFailure(err: unknown): unknown {
  if (err instanceof PaypalRejectedError) {
    return ApplicationFailure.create({
      message: err.message,
      type: PAYMENT_FAILURE_TYPES.paypalRejected,
      nonRetryable: true,
      details: [{ statusCode: err.status, issue: err.issue ?? null }],
    });
  }
  return err;
}

export function requirePaypal(paypal: PaypalClient | undefined): PaypalClient {
  if (paypal) return paypal;
  throw ApplicationFailure.nonRetryable(
    'PayPal is not configured: set PAYPAL_CLIENT_ID, PAYPAL_CLIENT_SECRET and PAYPAL_WEBHOOK_ID',
    PAYMENT_FAILURE_TYPES.paypalNotConfigured,
  );
}
