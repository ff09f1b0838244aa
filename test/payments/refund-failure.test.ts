import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookFake, type WebhookFake } from '../fakes/webhook-fake';
import { admin, createPaymentPlatform, paidInvoice, type PaymentPlatform } from '../support/payments';

interface InvoiceDetail {
  payment: { refundedCents: number };
  refunds: { refundId: string }[];
  refundFailures: {
    refundFailureId: string;
    requestKey: string;
    amountCents: number;
    status: string;
    failureType: string;
    failureCode: string | null;
    failures: number;
    refundId: string | null;
  }[];
}

const EMAIL = 'refund-fails@example.com';
const REASON = 'Customer Jane Roe asked for her money back';

describe('a refund Stripe will not create (stripe-mock behind a front answering an error)', () => {
  let p: PaymentPlatform;
  let hook: WebhookFake;
  beforeAll(async () => {
    hook = await startWebhookFake();
    p = await createPaymentPlatform({ ALERT_WEBHOOK_URL: hook.url, ALERT_DEDUPE_MINUTES: '60' });
  });
  afterAll(async () => {
    await p.close();
    await hook.close();
  });

  const refund = async (body: Record<string, unknown>) => {
    const res = await p.app.request('/refund', { method: 'POST', headers: admin(), body: JSON.stringify(body) });
    return {
      status: res.status,
      body: (await res.json()) as { refundId?: string; error?: { code: string; message: string } },
    };
  };
  const detail = async (invoiceId: string) =>
    (await (await p.app.request(`/api/payments/invoices/${invoiceId}`, { headers: admin() })).json()) as InvoiceDetail;
  const stripeRejects = () =>
    p.stripeFront.failNext('POST', '/v1/refunds', 400, {
      type: 'invalid_request_error',
      code: 'charge_already_refunded',
      message: 'Charge ch_3Abc has already been refunded.',
    });

  it('is kept as a failed, retryable request with one alert (ids only); the same request later refunds it', async () => {
    const { invoiceId, paymentId } = await paidInvoice(p, 25, EMAIL);
    const ask = { paymentId, reason: REASON, idempotencyKey: 'refund-fails-1' };

    stripeRejects();
    const failed = await refund(ask);
    expect(failed.status).toBe(502);
    expect(failed.body.error!.code).toBe('stripe_rejected');
    expect(failed.body.error!.message).toMatch(
      /kept as failed refund request rff_[0-9a-f]+; send the same request again/,
    );

    let d = await detail(invoiceId);
    expect(d.refunds).toEqual([]);
    expect(d.payment.refundedCents).toBe(0);
    expect(d.refundFailures).toEqual([
      expect.objectContaining({
        requestKey: 'refund-fails-1',
        amountCents: 2500,
        status: 'failed',
        failureType: 'stripe_rejected',
        failureCode: 'charge_already_refunded',
        failures: 1,
        refundId: null,
      }),
    ]);
    const failureId = d.refundFailures[0]!.refundFailureId;

    const alerts = () => hook.posts.filter((m) => m.text.includes(failureId));
    expect(alerts()).toHaveLength(1);
    const text = alerts()[0]!.text;
    expect(text).toContain(`Refund request ${failureId} failed at stripe`);
    expect(text).toContain(paymentId);
    expect(text).toContain('charge_already_refunded');
    expect(text).toContain(`Run: ${p.config.temporal.uiPublicUrl}/namespaces/`);
    // Ids and codes only: neither the client's email, nor the operator's reason, nor the provider's free text.
    for (const personal of [EMAIL, 'Jane Roe', 'has already been refunded']) expect(text).not.toContain(personal);

    // Failing again: the same row counts up, and the alert is not sent a second time.
    stripeRejects();
    expect((await refund(ask)).status).toBe(502);
    d = await detail(invoiceId);
    expect(d.refundFailures).toEqual([expect.objectContaining({ refundFailureId: failureId, failures: 2 })]);
    expect(alerts()).toHaveLength(1);

    // The provider takes it now: one refund, and the failed request is resolved by it.
    const ok = await refund(ask);
    expect(ok.status).toBe(201);
    d = await detail(invoiceId);
    expect(d.refunds.map((r) => r.refundId)).toEqual([ok.body.refundId]);
    expect(d.payment.refundedCents).toBe(2500);
    expect(d.refundFailures).toEqual([
      expect.objectContaining({ refundFailureId: failureId, status: 'resolved', refundId: ok.body.refundId }),
    ]);
    expect(alerts()).toHaveLength(1);
    const m = await p.appDeps.metrics.refunds.get();
    expect(m.values.find((v) => v.labels.status === 'creation_failed')?.value).toBe(2);
  });
});
