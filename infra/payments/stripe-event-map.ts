import type Stripe from 'stripe';
import type { PaymentEvent, PaymentEventAction } from './payment-event';

const idOf = (v: string | { id: string } | null | undefined) => (typeof v === 'string' ? v : v?.id);

function action(event: Stripe.Event): PaymentEventAction {
  switch (event.type) {
    case 'checkout.session.completed': {
      const s = event.data.object;
      const invoiceId = s.metadata?.invoiceId ?? s.client_reference_id;
      if (!invoiceId) return { kind: 'ignore', reason: 'checkout session without an invoiceId' };
      // Delayed payment methods complete the session unpaid; payment_intent.succeeded follows.
      if (s.payment_status !== 'paid')
        return { kind: 'ignore', reason: `checkout completed with payment_status=${s.payment_status}` };
      return {
        kind: 'invoice',
        invoiceId,
        signal: 'succeeded',
        payload: {
          eventId: event.id,
          provider: 'stripe',
          providerPaymentId: idOf(s.payment_intent),
          amountCents: s.amount_total ?? 0,
          currency: s.currency ?? '',
        },
      };
    }
    case 'checkout.session.expired': {
      const invoiceId = event.data.object.metadata?.invoiceId ?? event.data.object.client_reference_id;
      return invoiceId
        ? { kind: 'invoice', invoiceId, signal: 'expired', payload: { eventId: event.id } }
        : { kind: 'ignore', reason: 'no invoiceId' };
    }
    case 'payment_intent.succeeded': {
      const pi = event.data.object;
      const invoiceId = pi.metadata?.invoiceId;
      if (!invoiceId) return { kind: 'ignore', reason: 'payment intent without an invoiceId' };
      return {
        kind: 'invoice',
        invoiceId,
        signal: 'succeeded',
        payload: {
          eventId: event.id,
          provider: 'stripe',
          providerPaymentId: pi.id,
          amountCents: pi.amount_received || pi.amount,
          currency: pi.currency,
        },
      };
    }
    case 'payment_intent.payment_failed': {
      const pi = event.data.object;
      const invoiceId = pi.metadata?.invoiceId;
      if (!invoiceId) return { kind: 'ignore', reason: 'payment intent without an invoiceId' };
      const reason = pi.last_payment_error?.message ?? pi.last_payment_error?.code ?? 'payment failed';
      return {
        kind: 'invoice',
        invoiceId,
        signal: 'failed',
        payload: { eventId: event.id, provider: 'stripe', reason },
      };
    }
    case 'charge.refunded': {
      const ch = event.data.object;
      const pi = idOf(ch.payment_intent);
      if (!pi) return { kind: 'ignore', reason: 'charge without a payment intent' };
      return {
        kind: 'refund',
        provider: 'stripe',
        providerPaymentId: pi,
        invoiceId: ch.metadata?.invoiceId,
        payload: {
          eventId: event.id,
          refunds: (ch.refunds?.data ?? [])
            .filter((r) => r.status !== 'failed' && r.status !== 'canceled')
            .map((r) => ({ providerRefundId: r.id, amountCents: r.amount })),
          totalRefundedCents: ch.amount_refunded,
          providerRef: ch.id,
        },
      };
    }
    default:
      return { kind: 'ignore', reason: `event type ${event.type} is not handled` };
  }
}

/** A verified Stripe event → the platform's action (pure; no I/O). */
export function mapStripeEvent(event: Stripe.Event): PaymentEvent {
  return {
    eventId: event.id,
    provider: 'stripe',
    type: event.type,
    createdAt: new Date(event.created * 1000),
    action: action(event),
  };
}
