import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { PAYMENT_FAILURE_TYPES } from '../domain/payments';
import { ApiError, fieldError } from './errors';

/** Maps a payment workflow's typed failure (from an Update) to the HTTP answer the caller needs. */
export function paymentUpdateError(err: unknown): unknown {
  if (!(err instanceof WorkflowUpdateFailedError)) return err;
  let cause: unknown = err.cause;
  while (cause instanceof Error && !(cause instanceof ApplicationFailure) && cause.cause) cause = cause.cause;
  if (!(cause instanceof ApplicationFailure)) return new ApiError(500, 'internal_error', 'The payment workflow failed');
  const msg = cause.message;
  switch (cause.type) {
    case PAYMENT_FAILURE_TYPES.exceedsRemaining:
      return fieldError('body', 'amount', msg, cause.details?.[0] as object);
    case PAYMENT_FAILURE_TYPES.nothingToRefund:
      return new ApiError(409, 'nothing_to_refund', msg);
    case PAYMENT_FAILURE_TYPES.paymentNotFound:
    case PAYMENT_FAILURE_TYPES.invoiceNotFound:
      return new ApiError(404, 'not_found', msg);
    case PAYMENT_FAILURE_TYPES.unsupportedProvider:
      return new ApiError(422, 'unsupported_provider', msg);
    case PAYMENT_FAILURE_TYPES.notConfigured:
      return new ApiError(503, 'stripe_not_configured', msg);
    case PAYMENT_FAILURE_TYPES.stripeRejected:
      return new ApiError(502, 'stripe_rejected', msg);
    case PAYMENT_FAILURE_TYPES.paypalNotConfigured:
      return new ApiError(503, 'paypal_not_configured', msg);
    case PAYMENT_FAILURE_TYPES.paypalRejected:
      return new ApiError(502, 'paypal_rejected', msg);
    default:
      // Validator rejections and checkout failures name what went wrong without internals.
      return new ApiError(502, cause.type === 'checkout_failed' ? 'checkout_failed' : 'payment_failed', msg);
  }
}

export const stripeNotConfigured = () =>
  new ApiError(
    503,
    'stripe_not_configured',
    'Stripe is not configured: set STRIPE_SECRET_KEY (test mode) or STRIPE_SECRET_LIVE (live mode)',
  );

export const paypalNotConfigured = () =>
  new ApiError(
    503,
    'paypal_not_configured',
    'PayPal is not configured: set PAYPAL_CLIENT_ID, PAYPAL_CLIENT_SECRET and PAYPAL_WEBHOOK_ID',
  );
