import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { PAYMENT_FAILURE_TYPES, type PaymentProvider } from '../domain/payments';
import { paypalFailure, requirePaypal } from '../infra/payments/paypal-failures';
import { requireStripe, stripeFailure } from '../infra/payments/stripe-failures';
import type { PaymentActivityDeps } from './payment-deps';

/** Stripe's own refund reasons; anything else travels in metadata only. */
const STRIPE_REASONS = new Set(['duplicate', 'fraudulent', 'requested_by_customer']);

interface ProviderRefundInput {
  paymentId: string;
  requestKey: string;
  amountCents: number;
  providerPaymentId: string;
  reason: string;
}

/** The refund calls to Stripe and PayPal, each keyed so a retried or repeated request refunds once. */
export function createProviderRefundActivities({ payments: d }: PaymentActivityDeps) {
  /** The Stripe refund; the idempotency key makes a retried or repeated call return the same refund. */
  async function createStripeRefund(input: ProviderRefundInput): Promise<{ providerRefundId: string; status: string }> {
    const stripe = requireStripe(d.stripe);
    try {
      const refund = await stripe.refunds.create(
        {
          payment_intent: input.providerPaymentId,
          amount: input.amountCents,
          ...(STRIPE_REASONS.has(input.reason) && {
            reason: input.reason as 'duplicate' | 'fraudulent' | 'requested_by_customer',
          }),
          metadata: {
            paymentId: input.paymentId,
            requestKey: input.requestKey.slice(0, 500),
            reason: input.reason.slice(0, 500),
          },
        },
        { idempotencyKey: `refund-${input.paymentId}-${input.requestKey}` },
      );
      return { providerRefundId: refund.id, status: refund.status ?? 'pending' };
    } catch (err) {
      throw stripeFailure(err, 'refund the payment');
    }
  }

  return {
    /** The Stripe refund (histories from before provider refunds call it by this name). */
    createStripeRefund,

    /**
     * The refund at the payment's provider: Stripe (idempotency key) or PayPal (a capture refund with
     * PayPal-Request-Id); the same request key always reaches the provider as the same request.
     */
    async createProviderRefund(
      input: ProviderRefundInput & { provider: PaymentProvider },
    ): Promise<{ providerRefundId: string; status: string }> {
      if (input.provider === 'stripe') return createStripeRefund(input);
      const pay = await d.ledger.get(input.paymentId);
      if (!pay)
        throw ApplicationFailure.nonRetryable(
          `Payment ${input.paymentId} not found`,
          PAYMENT_FAILURE_TYPES.paymentNotFound,
        );
      try {
        const made = await requirePaypal(d.paypal).refundCapture({
          captureId: input.providerPaymentId,
          amountCents: input.amountCents,
          currency: pay.currency,
          // PayPal-Request-Id holds at most 108 characters; a request key may be longer.
          requestId: `refund-${createHash('sha256').update(`${input.paymentId}\n${input.requestKey}`).digest('hex').slice(0, 48)}`,
          note: input.reason,
        });
        return { providerRefundId: made.refundId, status: made.status === 'COMPLETED' ? 'succeeded' : 'pending' };
      } catch (err) {
        throw paypalFailure(err);
      }
    },
  };
}
export type ProviderRefundActivities = ReturnType<typeof createProviderRefundActivities>;
