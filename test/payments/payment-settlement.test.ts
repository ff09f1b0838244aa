import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPaypalFake, type PaypalFake } from '../fakes/paypal-fake';
import { startWebhookFake, type WebhookFake } from '../fakes/webhook-fake';
import { createInvoice, createPaymentPlatform, deliver, stripeEvents, type PaymentPlatform } from '../support/payments';
import { waitFor } from '../support/wait-for';

const PAYPAL = {
  clientId: 'paypal-client',
  clientSecret: 'paypal-secret-value',
  webhookId: 'WH-SETTLE-1',
  validSignature: 'sig-ok',
};

const paypalHeaders = () => ({
  'content-type': 'application/json',
  'paypal-auth-algo': 'SHA256withRSA',
  'paypal-cert-url': 'https://api.sandbox.paypal.com/v1/notifications/certs/CERT-1',
  'paypal-transmission-id': 'tx-settle',
  'paypal-transmission-sig': PAYPAL.validSignature,
  'paypal-transmission-time': new Date().toISOString(),
});

describe('#2 a payment settles an invoice only with its amount and currency (Stripe SDK + stripe-mock, PayPal fake)', () => {
  let fake: PaypalFake;
  let hook: WebhookFake;
  let p: PaymentPlatform;
  beforeAll(async () => {
    [fake, hook] = await Promise.all([startPaypalFake(PAYPAL), startWebhookFake()]);
    p = await createPaymentPlatform({
      PAYPAL_CLIENT_ID: PAYPAL.clientId,
      PAYPAL_CLIENT_SECRET: PAYPAL.clientSecret,
      PAYPAL_WEBHOOK_ID: PAYPAL.webhookId,
      PAYPAL_API_BASE_URL: fake.url,
      ALERT_WEBHOOK_URL: hook.url,
    });
  });
  afterAll(async () => {
    await p.close();
    await Promise.all([fake.close(), hook.close()]);
  });

  const result = (invoiceId: string) => p.client.workflow.getHandle(`invoice-${invoiceId}`).result();
  const alertFor = (invoiceId: string) =>
    waitFor(`an alert about ${invoiceId}`, () => hook.posts.find((m) => m.text.includes(invoiceId)), 20_000);

  it('#2 a signed Stripe event paying 1 cent leaves a 100.00 invoice underpaid: recorded, audited, alerted, no payment, no receipt', async () => {
    const inv = await createInvoice(p, { amount: 100, email: 'under@example.com' });
    const ev = stripeEvents.checkoutCompleted(inv.body.invoiceId, 1);
    expect((await deliver(p, ev)).body.status).toBe('signalled');
    expect(await result(inv.body.invoiceId)).toMatchObject({ status: 'underpaid' });

    const pay = p.appDeps.payments;
    expect(await pay.invoices.get(inv.body.invoiceId)).toMatchObject({
      status: 'underpaid',
      paidAt: null,
      settlementFlag: 'underpaid',
      receivedAmountCents: 1,
      receivedCurrency: 'usd',
      receivedEventId: ev.id,
    });
    expect(await pay.ledger.byInvoice(inv.body.invoiceId)).toBeUndefined();
    const audit = await pay.audit.bySubject(`invoice:${inv.body.invoiceId}`);
    expect(audit.map((a) => a.action)).toEqual(['invoice.underpaid']);
    expect(audit[0]!.details).toMatchObject({
      expectedCents: 10_000,
      receivedCents: 1,
      currency: 'usd',
      eventId: ev.id,
    });
    const alert = await alertFor(inv.body.invoiceId);
    expect(alert.text).toContain('Expected 100.00 USD, received 0.01 USD');
    expect(alert.text).not.toContain('under@example.com');
    expect(
      p.smtp.mails.filter((m) => m.subject.startsWith('Receipt') && m.subject.includes(inv.body.invoiceId)),
    ).toHaveLength(0);
  });

  it('#2 the invoice amount in another currency (Stripe) → mismatch, left unpaid', async () => {
    const inv = await createInvoice(p, { amount: 20, email: 'eur@example.com' });
    const ev = stripeEvents.checkoutCompleted(inv.body.invoiceId, 2000);
    (ev.data.object as { currency: string }).currency = 'eur';
    expect((await deliver(p, ev)).body.status).toBe('signalled');
    expect(await result(inv.body.invoiceId)).toMatchObject({ status: 'mismatch' });
    expect(await p.appDeps.payments.invoices.get(inv.body.invoiceId)).toMatchObject({
      status: 'mismatch',
      receivedAmountCents: 2000,
      receivedCurrency: 'eur',
    });
    expect((await p.appDeps.payments.audit.bySubject(`invoice:${inv.body.invoiceId}`)).map((a) => a.action)).toEqual([
      'invoice.mismatch',
    ]);
    expect((await alertFor(inv.body.invoiceId)).text).toContain('received 20.00 EUR');
  });

  it('#2 a PayPal capture of 0.01 EUR leaves a 250 USD invoice unpaid (mismatch); the full amount afterwards pays it', async () => {
    const inv = await createInvoice(p, { amount: 250, email: 'pp-settle@example.com' });
    const capture = (id: string, value: string, currency_code: string) => ({
      id,
      event_type: 'PAYMENT.CAPTURE.COMPLETED',
      create_time: new Date().toISOString(),
      resource_type: 'capture',
      resource: {
        id: `CAP-${id}`,
        status: 'COMPLETED',
        amount: { currency_code, value },
        custom_id: inv.body.invoiceId,
      },
    });
    const post = (body: unknown) =>
      p.app.request('/webhook/paypal', { method: 'POST', headers: paypalHeaders(), body: JSON.stringify(body) });
    expect((await post(capture('WH-S1', '0.01', 'EUR'))).status).toBe(200);
    expect(await result(inv.body.invoiceId)).toMatchObject({ status: 'mismatch' });
    expect(await p.appDeps.payments.invoices.get(inv.body.invoiceId)).toMatchObject({
      status: 'mismatch',
      receivedAmountCents: 1,
      receivedCurrency: 'eur',
      receivedProviderPaymentId: 'CAP-WH-S1',
    });
    expect(await p.appDeps.payments.ledger.byInvoice(inv.body.invoiceId)).toBeUndefined();

    // A later capture of the right amount settles it (a new run finds the unpaid invoice).
    expect((await post(capture('WH-S2', '250.00', 'USD'))).status).toBe(200);
    await waitFor(
      'the invoice to be paid',
      async () => (await p.appDeps.payments.invoices.get(inv.body.invoiceId))?.status === 'paid',
      20_000,
    );
    expect(await p.appDeps.payments.ledger.byInvoice(inv.body.invoiceId)).toMatchObject({
      amountCents: 25_000,
      currency: 'usd',
      providerPaymentId: 'CAP-WH-S2',
    });
  });

  it('#2 an overpayment pays the invoice, records what arrived and flags it (audit + alert)', async () => {
    const inv = await createInvoice(p, { amount: 10, email: 'over@example.com' });
    const ev = stripeEvents.checkoutCompleted(inv.body.invoiceId, 1500);
    await deliver(p, ev);
    expect(await result(inv.body.invoiceId)).toMatchObject({ status: 'paid' });
    expect(await p.appDeps.payments.invoices.get(inv.body.invoiceId)).toMatchObject({
      status: 'paid',
      settlementFlag: 'overpaid',
      receivedAmountCents: 1500,
    });
    expect(await p.appDeps.payments.ledger.byInvoice(inv.body.invoiceId)).toMatchObject({ amountCents: 1500 });
    const audit = await p.appDeps.payments.audit.bySubject(`invoice:${inv.body.invoiceId}`);
    expect(audit.map((a) => [a.action, a.details.settlement])).toEqual([['invoice.paid', 'overpaid']]);
    expect((await alertFor(inv.body.invoiceId)).text).toContain('Expected 10.00 USD, received 15.00 USD');
  });

  it('#2 the exact amount pays as before, with no flag and no alert', async () => {
    const inv = await createInvoice(p, { amount: 5, email: 'exact@example.com' });
    await deliver(p, stripeEvents.checkoutCompleted(inv.body.invoiceId, 500));
    expect(await result(inv.body.invoiceId)).toMatchObject({ status: 'paid' });
    expect(await p.appDeps.payments.invoices.get(inv.body.invoiceId)).toMatchObject({
      status: 'paid',
      settlementFlag: null,
    });
    expect(hook.posts.filter((m) => m.text.includes(inv.body.invoiceId))).toHaveLength(0);
  });
});
