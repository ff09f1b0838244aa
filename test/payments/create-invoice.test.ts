import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs } from '../../infra/db/schema';
import { admin, createInvoice, createPaymentPlatform, type PaymentPlatform } from '../support/payments';

describe('POST /api/payments/create-invoice (real workflow, Stripe SDK → stripe-mock)', () => {
  let p: PaymentPlatform;
  beforeAll(async () => {
    p = await createPaymentPlatform({ PAYMENTS_MAX_AMOUNT: '500' });
  });
  afterAll(async () => p.close());

  it('starts invoice-<id>, creates customer and Checkout Session with idempotency keys, stores the invoice', async () => {
    await p.database.db.insert(jobs).values([
      { taskId: 't-inv-1', workflowId: 'task-t-inv-1', source: 'api', title: 'a', prompt: 'a' },
      { taskId: 't-inv-2', workflowId: 'task-t-inv-2', source: 'api', title: 'b', prompt: 'b' },
    ]);
    const res = await createInvoice(p, {
      amount: 12.34,
      email: 'Ana@Example.com',
      name: 'Ana',
      taskIds: ['t-inv-1', 't-inv-2'],
      description: 'March work',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.invoiceId).toMatch(/^inv_/);
    expect(res.body.checkoutUrl).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    expect(res.body).toMatchObject({
      workflowId: `invoice-${res.body.invoiceId}`,
      amountCents: 1234,
      amount: '12.34',
      currency: 'usd',
      status: 'open',
    });

    const inv = await p.appDeps.payments.invoices.get(res.body.invoiceId);
    expect(inv).toMatchObject({
      amountCents: 1234,
      status: 'open',
      email: 'ana@example.com',
      checkoutUrl: res.body.checkoutUrl,
      taskIds: ['t-inv-1', 't-inv-2'],
    });
    expect(inv!.stripeCheckoutSessionId).toMatch(/^cs_/);
    const client = await p.appDeps.payments.clients.get(inv!.clientId);
    expect(client).toMatchObject({ email: 'ana@example.com', name: 'Ana', rateCentsPerMin: 500 });
    expect(client!.stripeCustomerId).toMatch(/^cus_/);

    const [session] = p.stripeFront.callsTo('POST', '/v1/checkout/sessions');
    expect(session!.idempotencyKey).toBe(`checkout-${res.body.invoiceId}`);
    expect(session!.params.get('line_items[0][price_data][unit_amount]')).toBe('1234');
    expect(session!.params.get('line_items[0][price_data][currency]')).toBe('usd');
    expect(session!.params.get('metadata[invoiceId]')).toBe(res.body.invoiceId);
    expect(session!.params.get('payment_intent_data[metadata][invoiceId]')).toBe(res.body.invoiceId);
    expect(session!.params.get('expires_at')).toBeTruthy(); // 24 h default fits Stripe's window
    expect(p.stripeFront.callsTo('POST', '/v1/customers')[0]!.idempotencyKey).toBe(`customer-${inv!.clientId}`);

    const state = await p.client.workflow.getHandle(`invoice-${res.body.invoiceId}`).describe();
    expect(state.status.name).toBe('RUNNING'); // waiting for payment or expiry
    const tasks = await p.database.db.select({ id: jobs.taskId, ps: jobs.paymentStatus }).from(jobs);
    expect(tasks.map((t) => t.ps)).toEqual(['unpaid', 'unpaid']);
  });

  it('reuses the client and its Stripe customer for the same email', async () => {
    const before = p.stripeFront.callsTo('POST', '/v1/customers').length;
    const res = await createInvoice(p, { amount: '5', email: 'ana@example.com' });
    expect(res.status).toBe(201);
    expect(p.stripeFront.callsTo('POST', '/v1/customers').length).toBe(before);
  });

  it('returns the same invoice for a repeated idempotencyKey', async () => {
    const a = await createInvoice(p, { amount: 20, email: 'key@example.com', idempotencyKey: 'order-77' });
    const b = await createInvoice(p, { amount: 20, email: 'key@example.com', idempotencyKey: 'order-77' });
    expect(a.status).toBe(201);
    expect(b.status).toBe(200);
    expect(b.body).toMatchObject({ invoiceId: a.body.invoiceId, checkoutUrl: a.body.checkoutUrl, duplicate: true });
    const c = await createInvoice(p, { amount: 21, email: 'key@example.com', idempotencyKey: 'order-77' });
    expect(c.status).toBe(409);
  });

  it.each([
    ['zero', 0, /greater than zero/],
    ['negative', -5, /greater than zero/],
    ['non-finite (1e999 → Infinity)', '__INF__', /finite/],
    ['NaN as a string', 'NaN', /finite/],
    ['more than two decimals', 1.234, /two decimals/],
    ['above the configured maximum', 500.01, /at most 500\.00/],
    ['not a number', true, /expected a number/],
  ])('refuses an amount that is %s with 400 naming the field', async (_name, amount, message) => {
    const body =
      amount === '__INF__'
        ? '{"amount": 1e999, "email": "x@example.com"}'
        : JSON.stringify({ amount, email: 'x@example.com' });
    const res = await p.app.request('/api/payments/create-invoice', { method: 'POST', headers: admin(), body });
    expect(res.status).toBe(400);
    const err = (await res.json()) as {
      error: { code: string; message: string; details: { issues: { field: string; message: string }[] } };
    };
    expect(err.error.code).toBe('validation_failed');
    expect(err.error.details.issues[0]!.field).toBe('amount');
    expect(err.error.details.issues[0]!.message).toMatch(message);
  });

  it('accepts exactly the maximum, and names other bad fields', async () => {
    expect((await createInvoice(p, { amount: 500, email: 'max@example.com' })).status).toBe(201);
    const res = await createInvoice(p, { amount: 5, email: 'not-an-email' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('"field":"email"');
    const t = await createInvoice(p, { amount: 5, email: 'a@example.com', taskIds: ['no-such-task'] });
    expect(t.status).toBe(400);
    expect(JSON.stringify(t.body)).toContain('taskIds[0]');
  });

  it('needs the admin key, and GET answers 405', async () => {
    const noKey = await p.app.request('/api/payments/create-invoice', {
      method: 'POST',
      headers: { 'X-Forwarded-For': '10.9.9.9' },
      body: '{}',
    });
    expect(noKey.status).toBe(401);
    const get = await p.app.request('/api/payments/create-invoice', { headers: admin() });
    expect(get.status).toBe(405);
  });
});
