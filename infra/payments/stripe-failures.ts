import { ApplicationFailure } from '@temporalio/common';
import Stripe from 'stripe';
import { PAYMENT_FAILURE_TYPES } from '../../domain/payments';

/** Stripe answers that repeating the same call cannot change. */
const PERMANENT = new Set([
  'StripeInvalidRequestError',
  'StripeAuthenticationError',
  'StripePermissionError',
  'StripeCardError',
  'StripeIdempotencyError',
]);

/** Key-shaped strings are cut from provider messages before they reach histories, logs or responses. */
export const scrubKeys = (text: string) => text.replace(/\b(sk|rk|pk|whsec)_[A-Za-z0-9_]+/g, '[REDACTED]');

/**
 * Turns a Stripe SDK error into what the activity should throw: a non-retryable ApplicationFailure
 * for permanent rejections (with Stripe's message, which never carries the key), else the error itself
 * so Temporal retries network problems, rate limits and 5xx.
 */
export function stripeFailure(err: unknown, what: string): unknown {
  if (err instanceof Stripe.errors.StripeError && PERMANENT.has(err.type)) {
    return ApplicationFailure.create({
      message: `Stripe refused to ${what}: ${scrubKeys(err.message)}`,
      type: PAYMENT_FAILURE_TYPES.stripeRejected,
      nonRetryable: true,
      details: [{ stripeCode: err.code ?? null, stripeType: err.type, statusCode: err.statusCode ?? null }],
    });
  }
  return err;
}

export function requireStripe(stripe: Stripe | undefined): Stripe {
  if (stripe) return stripe;
  throw ApplicationFailure.nonRetryable(
    'Stripe is not configured: set STRIPE_SECRET_KEY (test mode) or STRIPE_SECRET_LIVE (live mode)',
    PAYMENT_FAILURE_TYPES.notConfigured,
  );
}
