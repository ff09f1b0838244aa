import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPaypalFake, type PaypalFake } from '../fakes/paypal-fake';
import { createInvoice, createPaymentPlatform, type PaymentPlatform } from '../support/payments';
import { createTestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

const PAYPAL = {
  clientId: 'paypal-client',
  clientSecret: 'paypal-secret-value',
  webhookId: 'WH-ECHOPILOT-1',
  validSignature: 'sig-ok',
};

const headers = (sig: string) => ({
  'content-type': 'application/json',
  'paypal-auth-algo': 'SHA256withRSA',
  'paypal-cert-url': 'https://api.sandbox.paypal.com/v1/notifications/certs/CERT-1',
  'paypal-transmission-id': 'tx-1',
  'paypal-transmission-sig': sig,
  'paypal-transmission-time': new Date().toISOString(),
});

const captureCompleted = (id: string, invoiceId: string, value: string) => ({
  id,
  event_type: 'PAYMENT.CAPTURE.COMPLETED',
  create_time: new Date().toISOString(),
  resource_type: 'capture',
  resource: { id: `CAP-${id}`, status: 'COMPLETED', amount: { currency_code: 'USD', value }, custom_id: invoiceId },
});

describe('POST /webhook/paypal (verified through the verify-webhook-signature API)', () => {
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

  const post = async (body: unknown, sig = PAYPAL.validSignature) => {
    const res = await p.app.request('/webhook/paypal', {
      method: 'POST',
      headers: headers(sig),
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      body: (await res.json()) as { status?: string; error?: { code: string; message: string } },
    };
  };

  it('PAYMENT.CAPTURE.COMPLETED pays the invoice through the same signal, once', async () => {
    const inv = await createInvoice(p, { amount: 12.5, email: 'pp@example.com' });
    const ev = captureCompleted('WH-1', inv.body.invoiceId, '12.50');
    expect(await post(ev)).toMatchObject({ status: 200, body: { status: 'signalled' } });
    expect(await post(ev)).toMatchObject({ status: 200, body: { status: 'duplicate' } });
    expect(await p.client.workflow.getHandle(`invoice-${inv.body.invoiceId}`).result()).toMatchObject({
      status: 'paid',
    });
    expect(await p.appDeps.payments.ledger.byInvoice(inv.body.invoiceId)).toMatchObject({
      provider: 'paypal',
      providerPaymentId: 'CAP-WH-1',
      amountCents: 1250,
    });
    expect(fake.verifications[0]).toMatchObject({ webhookId: PAYPAL.webhookId, eventId: 'WH-1' });

    // The capture's refund, reported by PayPal, lands on the same payment's refund workflow.
    const refundEv = {
      id: 'WH-2',
      event_type: 'PAYMENT.CAPTURE.REFUNDED',
      resource: {
        id: 'REF-1',
        amount: { currency_code: 'USD', value: '2.50' },
        custom_id: inv.body.invoiceId,
        links: [{ rel: 'up', href: 'https://api.paypal.com/v2/payments/captures/CAP-WH-1' }],
      },
    };
    expect((await post(refundEv)).body.status).toBe('signalled');
    const paymentId = (await p.appDeps.payments.ledger.byInvoice(inv.body.invoiceId))!.id;
    await waitFor(
      'the refund to be recorded',
      async () => (await p.appDeps.payments.ledger.get(paymentId))!.refundedCents === 250,
      10_000,
    );
    expect(await p.appDeps.payments.invoices.get(inv.body.invoiceId)).toMatchObject({
      status: 'partially_refunded',
      refundedCents: 250,
    });
  });

  it('a signature PayPal does not verify → 400; missing transmission headers → 400', async () => {
    const inv = await createInvoice(p, { amount: 3, email: 'forged@example.com' });
    const forged = await post(captureCompleted('WH-3', inv.body.invoiceId, '3.00'), 'forged');
    expect(forged.status).toBe(400);
    expect(forged.body.error!.code).toBe('invalid_signature');
    expect(await p.appDeps.payments.processed.has('paypal:WH-3')).toBe(false);
    const res = await p.app.request('/webhook/paypal', { method: 'POST', body: '{}' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('paypal-auth-algo');
  });

  it('without PayPal configuration → 503 with a clear error', async () => {
    const bare = await createTestPlatform({}, p.database);
    try {
      const res = await bare.app.request('/webhook/paypal', { method: 'POST', headers: headers('x'), body: '{}' });
      expect(res.status).toBe(503);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('paypal_not_configured');
      expect(body.error.message).toContain('PAYPAL_CLIENT_ID');
    } finally {
      await bare.close();
    }
  });
});
