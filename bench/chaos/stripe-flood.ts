import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { startStripeFront } from '../../test/fakes/stripe-front';
import {
  event as stripeEvent,
  signedDelivery,
  STRIPE_TEST_KEY,
  WEBHOOK_SECRET,
} from '../../test/support/stripe-webhook';
import { startStripeMock } from '../../test/support/stripe-mock';
import type { FloodEvent } from './flood-plan';
import type { FloodInvoice, FloodProvider } from './payment-flood-scenario';

const uid = () => randomUUID().replaceAll('-', '').slice(0, 24);

/**
 * What Stripe sends about one invoice: a declined first card (payment_intent.payment_failed), then
 * the paid checkout (checkout.session.completed) and its PaymentIntent (payment_intent.succeeded),
 * the last two reporting the one payment.
 */
function invoiceEvents(inv: FloodInvoice, created: number): Stripe.Event[] {
  const pi = `pi_${uid()}`;
  const metadata = { invoiceId: inv.id };
  return [
    stripeEvent(
      'payment_intent.payment_failed',
      {
        id: `pi_${uid()}`,
        object: 'payment_intent',
        amount: inv.amountCents,
        amount_received: 0,
        currency: 'usd',
        status: 'requires_payment_method',
        metadata,
        last_payment_error: { message: 'Your card was declined.', code: 'card_declined' },
      },
      created,
    ),
    stripeEvent(
      'checkout.session.completed',
      {
        id: `cs_test_${uid()}`,
        object: 'checkout.session',
        amount_total: inv.amountCents,
        currency: 'usd',
        payment_status: 'paid',
        status: 'complete',
        payment_intent: pi,
        client_reference_id: inv.id,
        metadata,
      },
      created + 1,
    ),
    stripeEvent(
      'payment_intent.succeeded',
      {
        id: pi,
        object: 'payment_intent',
        amount: inv.amountCents,
        amount_received: inv.amountCents,
        currency: 'usd',
        status: 'succeeded',
        metadata,
      },
      created + 1,
    ),
  ];
}

/**
 * Stripe as in the Stripe tests: the SDK's calls go to the events front, which lists every event of the
 * flood (delivered or not, as Stripe's `GET /v1/events` does) and proxies the rest to stripe-mock.
 * Webhooks are signed with the SDK's test helper and posted to `/webhook/stripe`.
 */
export async function stripeFloodProvider(): Promise<FloodProvider> {
  const mock = await startStripeMock();
  const front = await startStripeFront(mock.url);
  return {
    name: 'stripe',
    env: { STRIPE_SECRET_KEY: STRIPE_TEST_KEY, STRIPE_API_BASE_URL: front.url, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET },
    events(invoices) {
      const created = Math.floor(Date.now() / 1000);
      const all = invoices.flatMap((inv) =>
        invoiceEvents(inv, created).map((body, order): FloodEvent<Stripe.Event> => ({
          id: body.id,
          invoiceId: inv.id,
          order,
          proof: body.type !== 'payment_intent.payment_failed',
          body,
        })),
      );
      front.events.push(...all.map((e) => e.body));
      return Promise.resolve(all);
    },
    // Stripe lists every event, so each one (delivered or dropped) must end up processed once.
    mustProcess: (plan) => [...new Set([...plan.deliveries, ...plan.dropped].map((e) => e.id))],
    async send(api, e) {
      const { body, headers } = signedDelivery(e.body as Stripe.Event);
      const res = await fetch(`${api}/webhook/stripe`, { method: 'POST', headers, body });
      await res.arrayBuffer();
      return res.status;
    },
    async close() {
      await front.close();
      await mock.stop();
    },
  };
}
