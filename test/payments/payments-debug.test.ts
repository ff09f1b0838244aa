import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoices } from '../../infra/db/schema';
import {
  admin,
  createInvoice,
  createPaymentPlatform,
  STRIPE_TEST_KEY,
  WEBHOOK_SECRET,
  type PaymentPlatform,
} from '../support/payments';
import { createTestWorker } from '../support/temporal';
import { createTestPlatform } from '../support/test-platform';

describe('GET /payments/debug and secret hygiene', () => {
  let p: PaymentPlatform;
  beforeAll(async () => {
    p = await createPaymentPlatform();
  });
  afterAll(async () => p.close());

  it('shows mode, key kind, webhooks and last reconciliation, never a key or secret', async () => {
    const res = await p.app.request('/payments/debug', { headers: admin() });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({
      mode: 'test',
      stripe: { configured: true, keyKind: 'secret-test' },
      webhooks: { stripe: { path: '/webhook/stripe', configured: true }, paypal: { configured: false } },
      currency: 'usd',
      email: { configured: true },
      lastReconciliation: null,
    });
    expect(text).not.toContain(STRIPE_TEST_KEY);
    expect(text).not.toContain(WEBHOOK_SECRET);
    expect(text).not.toMatch(/sk_test_|whsec_/);
    expect((await p.app.request('/payments/debug', { headers: { 'X-Forwarded-For': '10.7.7.7' } })).status).toBe(401);
  });

  it("a key Stripe refuses → 502 with Stripe's reason, and the key never appears in the answer", async () => {
    const badKey = 'sk_test_has_underscores_stripe_mock_refuses';
    const bad = await createTestPlatform(
      { STRIPE_SECRET_KEY: badKey, STRIPE_API_BASE_URL: p.stripeFront.url },
      p.database,
    );
    const { worker, connection } = await createTestWorker(bad.taskQueue, bad.activities);
    try {
      const res = await worker.runUntil(createInvoice(bad, { amount: 1, email: 'badkey@example.com' }));
      expect(res.status).toBe(502);
      expect(res.body).toMatchObject({ error: { code: 'checkout_failed' } });
      expect(JSON.stringify(res.body)).toContain('Stripe refused');
      expect(JSON.stringify(res.body)).not.toContain(badKey);
      const rows = await bad.database.db.select().from(invoices).where(eq(invoices.email, 'badkey@example.com'));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ status: 'failed' });
      expect(rows[0]!.lastFailureReason).not.toContain(badKey);
      const history = await bad.client.workflow.getHandle(rows[0]!.workflowId).fetchHistory();
      const failures = JSON.stringify(
        history.events
          ?.map(
            (e) => e.activityTaskFailedEventAttributes?.failure ?? e.workflowExecutionFailedEventAttributes?.failure,
          )
          .filter(Boolean),
      );
      expect(failures).toContain('Stripe refused');
      expect(failures).not.toContain(badKey);
    } finally {
      await connection.close();
      await bad.close();
    }
  });

  it('without a Stripe key the payment routes answer 503 stripe_not_configured', async () => {
    const bare = await createTestPlatform({}, p.database);
    try {
      const res = await bare.app.request('/api/payments/create-invoice', {
        method: 'POST',
        headers: admin(),
        body: JSON.stringify({ amount: 5, email: 'a@example.com' }),
      });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('stripe_not_configured');
      const hook = await bare.app.request('/webhook/stripe', { method: 'POST', body: '{}' });
      expect(hook.status).toBe(503);
      expect(((await hook.json()) as { error: { code: string } }).error.code).toBe('stripe_webhook_not_configured');
    } finally {
      await bare.close();
    }
  });
});
