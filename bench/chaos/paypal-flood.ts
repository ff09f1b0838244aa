import { setTimeout as sleep } from 'node:timers/promises';
import { startPaypalFake } from '../../test/fakes/paypal-fake';
import type { FloodEvent } from './flood-plan';
import type { FloodProvider } from './payment-flood-scenario';

const PAYPAL = { clientId: 'chaos-pp', clientSecret: 'chaos-pp-secret', webhookId: 'WH-CHAOS', validSignature: 'ok' };

interface PaypalWebhook {
  id: string;
  event_type: string;
  create_time: string;
  resource: Record<string, unknown>;
}

/**
 * PayPal through the PayPal fake: each invoice's order is approved and captured at "PayPal" (the buyer
 * paid), then its webhooks (order approved, capture pending, capture completed) are posted to
 * `/webhook/paypal` with transmission headers the platform verifies through the fake's
 * verify-webhook-signature API, as in production. A capture whose webhooks were all lost is found by
 * reconciliation looking the order up.
 */
export async function paypalFloodProvider(): Promise<FloodProvider> {
  const fake = await startPaypalFake(PAYPAL);
  const basic = Buffer.from(`${PAYPAL.clientId}:${PAYPAL.clientSecret}`).toString('base64');
  const captureIds = new Map<string, string>();
  const capture = async (orderId: string) => {
    const tok = await fetch(`${fake.url}/v1/oauth2/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    const { access_token } = (await tok.json()) as { access_token: string };
    fake.approve(orderId);
    const res = await fetch(`${fake.url}/v2/checkout/orders/${orderId}/capture`, {
      method: 'POST',
      headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    if (res.status !== 201) throw new Error(`capture of ${orderId}: ${res.status} ${await res.text()}`);
  };
  // create-invoice may answer 202 before the workflow made the order: wait for it.
  const orderOf = async (invoiceId: string) => {
    for (let i = 0; i < 600; i++) {
      const order = [...fake.orders.values()].find((o) => o.customId === invoiceId);
      if (order) return order;
      await sleep(100);
    }
    throw new Error(`no PayPal order for ${invoiceId}`);
  };
  return {
    name: 'paypal',
    env: {
      PAYPAL_CLIENT_ID: PAYPAL.clientId,
      PAYPAL_CLIENT_SECRET: PAYPAL.clientSecret,
      PAYPAL_WEBHOOK_ID: PAYPAL.webhookId,
      PAYPAL_API_BASE_URL: fake.url,
      // The default (120 verifications a minute) answers a flood 429 (PayPal retries); raised so the
      // run measures duplicates and order, not the limiter.
      PAYPAL_VERIFY_PER_MINUTE: '100000',
    },
    async events(invoices) {
      const out: FloodEvent<PaypalWebhook>[] = [];
      const at = Date.now();
      for (const inv of invoices) {
        const order = await orderOf(inv.id);
        await capture(order.id);
        const cap = fake.orders.get(order.id)!.capture!.id;
        captureIds.set(inv.id, cap);
        const value = (inv.amountCents / 100).toFixed(2);
        const amount = { currency_code: 'USD', value };
        const mk = (order: number, type: string, resource: Record<string, unknown>, proof = false) => {
          const id = `WH-${inv.id}-${order}`;
          const body = { id, event_type: type, create_time: new Date(at + order * 1000).toISOString(), resource };
          out.push({ id: `paypal:${id}`, invoiceId: inv.id, order, proof, body });
        };
        mk(0, 'CHECKOUT.ORDER.APPROVED', { id: order.id, status: 'APPROVED' });
        mk(1, 'PAYMENT.CAPTURE.PENDING', { id: cap, status: 'PENDING', amount, custom_id: inv.id });
        mk(2, 'PAYMENT.CAPTURE.COMPLETED', { id: cap, status: 'COMPLETED', amount, custom_id: inv.id }, true);
      }
      return out;
    },
    mustProcess(plan) {
      const kept = [...new Set(plan.deliveries.map((d) => d.id))];
      const proofKept = new Set(plan.deliveries.filter((d) => d.proof).map((d) => d.invoiceId));
      const lost = [...captureIds].filter(([inv]) => !proofKept.has(inv)).map(([, cap]) => `paypal-capture:${cap}`);
      return [...kept, ...lost];
    },
    async send(api, e, n) {
      const res = await fetch(`${api}/webhook/paypal`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'paypal-auth-algo': 'SHA256withRSA',
          'paypal-cert-url': 'https://api.sandbox.paypal.com/v1/notifications/certs/CERT-CHAOS',
          'paypal-transmission-id': `tx-${n}`,
          'paypal-transmission-sig': PAYPAL.validSignature,
          'paypal-transmission-time': new Date().toISOString(),
        },
        body: JSON.stringify(e.body),
      });
      await res.arrayBuffer();
      return res.status;
    },
    close: () => fake.close(),
  };
}
