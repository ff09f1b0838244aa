import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';

/**
 * Stripe webhook events as Stripe builds and signs them; free of vitest so `npm run chaos` (bench/chaos)
 * sends the same deliveries as the tests.
 */
export const WEBHOOK_SECRET = 'whsec_test_echopilot_0123456789';
export const STRIPE_TEST_KEY = 'sk_test_echopilot0123456789';

/** A webhook delivery as Stripe sends it: JSON body plus a Stripe-Signature made by the SDK's test helper. */
export function signedDelivery(
  event: Stripe.Event,
  secret = WEBHOOK_SECRET,
): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(event);
  const signature = new Stripe(STRIPE_TEST_KEY).webhooks.generateTestHeaderString({ payload: body, secret });
  return { body, headers: { 'stripe-signature': signature, 'content-type': 'application/json' } };
}

export function event(
  type: string,
  object: Record<string, unknown>,
  createdSec = Math.floor(Date.now() / 1000),
): Stripe.Event {
  return {
    id: `evt_${randomUUID().replaceAll('-', '').slice(0, 24)}`,
    object: 'event',
    api_version: '2026-10-28',
    created: createdSec,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  } as unknown as Stripe.Event;
}
