import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvoice, createPaymentPlatform, type PaymentPlatform } from '../support/payments';

/**
 * Found by the outage scenario of `npm run chaos`: Stripe answering 503 for 20 s failed every invoice
 * created meanwhile (four quick retries), and its idempotency key then returned the failed invoice.
 */
describe('create-invoice during a Stripe outage (real workflow, Stripe SDK → front of stripe-mock)', () => {
  let p: PaymentPlatform;
  beforeAll(async () => {
    p = await createPaymentPlatform();
  });
  afterAll(async () => p.close());

  it('Stripe 503 for 12 s (longer than the old retry budget): the invoice waits and opens with its Checkout link', async () => {
    const before = p.stripeFront.calls.length;
    p.stripeFront.failWith(503);
    const pending = createInvoice(p, { amount: 42, email: 'outage@example.com', idempotencyKey: 'stripe-outage-1' });
    await sleep(12_000);
    const refused = p.stripeFront.calls.length - before;
    p.stripeFront.failWith(undefined);
    const res = await pending;
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ status: 'open', checkoutUrl: expect.stringMatching(/^https:\/\//) });
    expect(refused).toBeGreaterThan(4);
    expect(await p.appDeps.payments.invoices.get(res.body.invoiceId)).toMatchObject({ status: 'open' });
  }, 120_000);
});
