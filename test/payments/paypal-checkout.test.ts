import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPaypalFake, type PaypalFake } from '../fakes/paypal-fake';
import { admin, createInvoice, createPaymentPlatform, type PaymentPlatform } from '../support/payments';
import { createTestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

const PAYPAL = { clientId: 'pp-client', clientSecret: 'pp-secret-value', webhookId: 'WH-CHK', validSignature: 'ok' };

const webhookHeaders = {
  'content-type': 'application/json',
  'paypal-auth-algo': 'SHA256withRSA',
  'paypal-cert-url': 'https://api.sandbox.paypal.com/v1/notifications/certs/CERT-1',
  'paypal-transmission-id': 'tx-chk',
  'paypal-transmission-sig': PAYPAL.validSignature,
  'paypal-transmission-time': new Date().toISOString(),
};

describe('PayPal checkout (Orders v2), capture webhook and refunds against the PayPal fake', () => {
  let fake: PaypalFake;
  let p: PaymentPlatform;
  beforeAll(async () => {
    fake = await startPaypalFake(PAYPAL);
    p = await createPaymentPlatform({
      PAYPAL_CLIENT_ID: PAYPAL.clientId,
      PAYPAL_CLIENT_SECRET: PAYPAL.clientSecret,
      PAYPAL_WEBHOOK_ID: PAYPAL.webhookId,
      PAYPAL_API_BASE_URL: fake.url,
    });
  });
  afterAll(async () => {
    await p.close();
    await fake.close();
  });

  const webhook = async (ev: unknown) => {
    const res = await p.app.request('/webhook/paypal', {
      method: 'POST',
      headers: webhookHeaders,
      body: JSON.stringify(ev),
    });
    return (await res.json()) as { status: string };
  };
  const refund = async (body: Record<string, unknown>) => {
    const res = await p.app.request('/refund', { method: 'POST', headers: admin(), body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string } } };
  };
  const callsTo = (method: string, re: RegExp) => fake.calls.filter((c) => c.method === method && re.test(c.path));

  it('create → approve → capture on return → webhook pays → partial and full refunds, each once', async () => {
    const body = { amount: 25, email: 'pp-buyer@example.com', provider: 'paypal', idempotencyKey: 'pp-inv-1' };
    const inv = await createInvoice(p, body);
    expect(inv.status).toBe(201);
    expect(inv.body).toMatchObject({ provider: 'paypal', status: 'open' });
    const invoiceId = inv.body.invoiceId;
    const created = callsTo('POST', /^\/v2\/checkout\/orders$/);
    expect(created).toHaveLength(1);
    expect(created[0]!.requestId).toBe(`order-${invoiceId}`);
    const [order] = [...fake.orders.values()].filter((o) => o.customId === invoiceId);
    expect(order!.amount).toEqual({ currency_code: 'USD', value: '25.00' });
    expect(inv.body.checkoutUrl).toBe(`https://www.sandbox.paypal.com/checkoutnow?token=${order!.id}`);
    expect(order!.returnUrl).toContain(`/payments/paypal/return?invoice=${invoiceId}`);
    // The same idempotency key answers the same invoice; PayPal is not asked again.
    const again = await createInvoice(p, body);
    expect(again.body).toMatchObject({ invoiceId, duplicate: true });
    expect(callsTo('POST', /^\/v2\/checkout\/orders$/)).toHaveLength(1);

    // Not approved yet: nothing is captured.
    const early = await p.app.request(`/payments/paypal/return?invoice=${invoiceId}&token=${order!.id}`);
    expect(early.status).toBe(409);
    fake.approve(order!.id);
    for (let i = 0; i < 2; i++) {
      const back = await p.app.request(`/payments/paypal/return?invoice=${invoiceId}&token=${order!.id}`);
      expect(back.status).toBe(200);
      expect(back.headers.get('content-type')).toContain('text/html');
    }
    const captures = callsTo('POST', /\/capture$/);
    expect(captures).toHaveLength(1);
    expect(captures[0]!.requestId).toBe(`capture-${invoiceId}`);
    const captureId = fake.orders.get(order!.id)!.capture!.id;
    // The payment is recorded by the webhook, not by the redirect.
    expect(await p.appDeps.payments.ledger.byInvoice(invoiceId)).toBeUndefined();

    const ev = {
      id: 'WH-CHK-1',
      event_type: 'PAYMENT.CAPTURE.COMPLETED',
      create_time: new Date().toISOString(),
      resource: {
        id: captureId,
        status: 'COMPLETED',
        amount: { currency_code: 'USD', value: '25.00' },
        custom_id: invoiceId,
      },
    };
    expect((await webhook(ev)).status).toBe('signalled');
    expect(await p.client.workflow.getHandle(`invoice-${invoiceId}`).result()).toMatchObject({ status: 'paid' });
    const payment = (await p.appDeps.payments.ledger.byInvoice(invoiceId))!;
    expect(payment).toMatchObject({ provider: 'paypal', providerPaymentId: captureId, amountCents: 2500 });
    await p.smtp.waitFor((m) => m.subject.startsWith('Receipt') && m.subject.includes(invoiceId));

    const r1 = await refund({ paymentId: payment.id, amount: 10, reason: 'part of the work' });
    expect(r1.status).toBe(201);
    expect(r1.body).toMatchObject({ amountCents: 1000, remainingCents: 1500, duplicate: false });
    expect((await refund({ paymentId: payment.id, amount: 10, reason: 'part of the work' })).body).toMatchObject({
      refundId: r1.body.refundId,
      duplicate: true,
    });
    const over = await refund({ paymentId: payment.id, amount: 15.01, reason: 'too much' });
    expect(over.status).toBe(400);
    const rest = await refund({ invoiceId, reason: 'the rest' });
    expect(rest.body).toMatchObject({ amountCents: 1500, remainingCents: 0 });
    expect((await refund({ invoiceId, reason: 'once more' })).status).toBe(409);

    const refundCalls = callsTo('POST', new RegExp(`/v2/payments/captures/${captureId}/refund$`));
    expect(refundCalls.map((c) => (c.body.amount as { value: string }).value)).toEqual(['10.00', '15.00']);
    expect(new Set(refundCalls.map((c) => c.requestId)).size).toBe(2);
    expect(fake.orders.get(order!.id)!.capture!.refunded).toBe(2500);
    expect(await p.appDeps.payments.invoices.get(invoiceId)).toMatchObject({ status: 'refunded', refundedCents: 2500 });

    // PayPal's report of our own refund adds nothing.
    const ours = (await p.appDeps.payments.ledger.refundsOf(payment.id))[0]!;
    const echo = {
      id: 'WH-CHK-2',
      event_type: 'PAYMENT.CAPTURE.REFUNDED',
      resource: {
        id: ours.providerRefundId,
        amount: { currency_code: 'USD', value: '10.00' },
        custom_id: invoiceId,
        links: [{ rel: 'up', href: `https://api.paypal.com/v2/payments/captures/${captureId}` }],
      },
    };
    expect((await webhook(echo)).status).toBe('signalled');
    await waitFor(
      'the echo to be handled',
      async () => await p.appDeps.payments.processed.has('paypal:WH-CHK-2'),
      10_000,
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(await p.appDeps.payments.ledger.refundsOf(payment.id)).toHaveLength(2);
    expect((await p.appDeps.payments.ledger.get(payment.id))!.refundedCents).toBe(2500);
  });

  it('a return with a foreign token captures nothing and answers 400', async () => {
    const inv = await createInvoice(p, { amount: 3, email: 'pp-other@example.com', provider: 'paypal' });
    const before = callsTo('POST', /\/capture$/).length;
    const res = await p.app.request(`/payments/paypal/return?invoice=${inv.body.invoiceId}&token=ORDER-forged`);
    expect(res.status).toBe(400);
    expect(callsTo('POST', /\/capture$/)).toHaveLength(before);
  });

  it('provider paypal without PayPal configured → 503 naming the variables; bad provider → 400', async () => {
    const bare = await createTestPlatform({ STRIPE_SECRET_KEY: 'sk_test_bare0123456789' }, p.database);
    try {
      const res = await bare.app.request('/api/payments/create-invoice', {
        method: 'POST',
        headers: admin(),
        body: JSON.stringify({ amount: 1, email: 'x@example.com', provider: 'paypal' }),
      });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain('PAYPAL_CLIENT_ID');
    } finally {
      await bare.close();
    }
    const bad = await createInvoice(p, { amount: 1, email: 'x@example.com', provider: 'venmo' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('provider');
  });
});
