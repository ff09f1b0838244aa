import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { inject } from 'vitest';
import type { Worker } from '@temporalio/worker';
import type { Database } from '../../infra/db/open-database';
import { startSmtpFake, type SmtpFake } from '../fakes/smtp-fake';
import { startStripeFront, type StripeFront } from '../fakes/stripe-front';
import { createTestWorker } from './temporal';
import { adminHeaders } from './test-config';
import { createTestPlatform, type TestPlatform } from './test-platform';

export const WEBHOOK_SECRET = 'whsec_test_echopilot_0123456789';
export const STRIPE_TEST_KEY = 'sk_test_echopilot0123456789';
export const admin = (ip = '10.9.0.1') => adminHeaders(ip);

export interface PaymentPlatform extends TestPlatform {
  stripeFront: StripeFront;
  smtp: SmtpFake;
  worker: Worker;
  close(): Promise<void>;
}

/**
 * The real composition wired for payments: Stripe SDK → front (events listing) → stripe-mock,
 * nodemailer → local SMTP server, and a worker polling the platform's fresh task queue.
 */
/** `database`: share one already open (PGlite start-up costs seconds), e.g. for a second configuration. */
export async function createPaymentPlatform(
  env: Record<string, string | undefined> = {},
  database?: Database,
): Promise<PaymentPlatform> {
  const [stripeFront, smtp] = await Promise.all([startStripeFront(inject('stripeMockUrl')), startSmtpFake()]);
  const platform = await createTestPlatform(
    {
      STRIPE_SECRET_KEY: STRIPE_TEST_KEY,
      STRIPE_API_BASE_URL: stripeFront.url,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      SMTP_URL: smtp.url,
      ...env,
    },
    database,
  );
  const { worker, connection } = await createTestWorker(platform.taskQueue, platform.activities);
  const running = worker.run();
  return {
    ...platform,
    stripeFront,
    smtp,
    worker,
    async close() {
      worker.shutdown();
      await running;
      await connection.close();
      await platform.close();
      await Promise.all([stripeFront.close(), smtp.close()]);
    },
  };
}

/** A webhook delivery as Stripe sends it: JSON body plus a Stripe-Signature made by the SDK's test helper. */
export function signedDelivery(
  event: Stripe.Event,
  secret = WEBHOOK_SECRET,
): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(event);
  const signature = new Stripe(STRIPE_TEST_KEY).webhooks.generateTestHeaderString({ payload: body, secret });
  return { body, headers: { 'stripe-signature': signature, 'content-type': 'application/json' } };
}

function event(
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

export const stripeEvents = {
  checkoutCompleted: (
    invoiceId: string,
    amountCents: number,
    paymentIntent = `pi_${randomUUID().replaceAll('-', '').slice(0, 24)}`,
    created?: number,
  ) =>
    event(
      'checkout.session.completed',
      {
        id: `cs_test_${randomUUID().slice(0, 8)}`,
        object: 'checkout.session',
        amount_total: amountCents,
        currency: 'usd',
        payment_status: 'paid',
        status: 'complete',
        payment_intent: paymentIntent,
        client_reference_id: invoiceId,
        metadata: { invoiceId },
      },
      created,
    ),
  checkoutExpired: (invoiceId: string) =>
    event('checkout.session.expired', {
      id: `cs_test_${randomUUID().slice(0, 8)}`,
      object: 'checkout.session',
      status: 'expired',
      payment_status: 'unpaid',
      metadata: { invoiceId },
    }),
  paymentIntentSucceeded: (invoiceId: string, amountCents: number, id: string) =>
    event('payment_intent.succeeded', {
      id,
      object: 'payment_intent',
      amount: amountCents,
      amount_received: amountCents,
      currency: 'usd',
      status: 'succeeded',
      metadata: { invoiceId },
    }),
  paymentFailed: (invoiceId: string, id: string, message: string) =>
    event('payment_intent.payment_failed', {
      id,
      object: 'payment_intent',
      amount: 100,
      amount_received: 0,
      currency: 'usd',
      status: 'requires_payment_method',
      metadata: { invoiceId },
      last_payment_error: { message, code: 'card_declined' },
    }),
  chargeRefunded: (
    paymentIntent: string,
    amountCents: number,
    amountRefunded: number,
    refunds: { id: string; amount: number }[],
    opts: { invoiceId?: string; created?: number } = {},
  ) =>
    event(
      'charge.refunded',
      {
        id: `ch_${randomUUID().slice(0, 8)}`,
        object: 'charge',
        amount: amountCents,
        amount_refunded: amountRefunded,
        payment_intent: paymentIntent,
        refunded: amountRefunded >= amountCents,
        metadata: opts.invoiceId ? { invoiceId: opts.invoiceId } : {},
        refunds: { object: 'list', data: refunds.map((r) => ({ ...r, object: 'refund', status: 'succeeded' })) },
      },
      opts.created,
    ),
};

export async function createInvoice(p: TestPlatform, body: Record<string, unknown>) {
  const res = await p.app.request('/api/payments/create-invoice', {
    method: 'POST',
    headers: admin(),
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown> & { invoiceId: string; checkoutUrl: string },
  };
}

export async function deliver(p: TestPlatform, ev: Stripe.Event) {
  const d = signedDelivery(ev);
  const res = await p.app.request('/webhook/stripe', { method: 'POST', headers: d.headers, body: d.body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** An invoice paid through the Stripe webhook path; its payment id and PaymentIntent. */
export async function paidInvoice(p: PaymentPlatform, amount: number, email: string, taskIds: string[] = []) {
  const inv = await createInvoice(p, { amount, email, taskIds });
  const pi = `pi_${inv.body.invoiceId.slice(4)}`;
  await deliver(p, stripeEvents.checkoutCompleted(inv.body.invoiceId, Math.round(amount * 100), pi));
  await p.client.workflow.getHandle(`invoice-${inv.body.invoiceId}`).result();
  const payment = await p.appDeps.payments.ledger.byInvoice(inv.body.invoiceId);
  return { invoiceId: inv.body.invoiceId, paymentId: payment!.id, pi };
}
