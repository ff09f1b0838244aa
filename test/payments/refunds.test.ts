import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs } from '../../infra/db/schema';
import {
  admin,
  createInvoice,
  createPaymentPlatform,
  deliver,
  paidInvoice as paidInvoiceOf,
  stripeEvents,
  type PaymentPlatform,
} from '../support/payments';
import { waitFor } from '../support/wait-for';

interface RefundBody {
  refundId: string;
  paymentId: string;
  amountCents: number;
  refundedTotalCents: number;
  remainingCents: number;
  duplicate: boolean;
  workflowId: string;
}

describe('POST /refund → refund-<paymentId> (Stripe refunds via stripe-mock)', () => {
  let p: PaymentPlatform;
  beforeAll(async () => {
    p = await createPaymentPlatform();
  });
  afterAll(async () => p.close());

  const paidInvoice = (amount: number, email: string, taskIds: string[] = []) =>
    paidInvoiceOf(p, amount, email, taskIds);

  const refund = async (body: Record<string, unknown>) => {
    const res = await p.app.request('/refund', { method: 'POST', headers: admin(), body: JSON.stringify(body) });
    return {
      status: res.status,
      body: (await res.json()) as RefundBody & {
        error?: { code: string; message: string; details?: { issues: { field: string }[] } };
      },
    };
  };
  const stripeRefundsFor = (pi: string) =>
    p.stripeFront.callsTo('POST', '/v1/refunds').filter((c) => c.params.get('payment_intent') === pi);

  it('the same refund requested twice (and twice at once) → one Stripe refund, one ledger row, one email', async () => {
    await p.database.db
      .insert(jobs)
      .values({ taskId: 't-rf-1', workflowId: 'task-t-rf-1', source: 'api', title: 'a', prompt: 'a' });
    const { paymentId, invoiceId, pi } = await paidInvoice(30, 'refund-me@example.com', ['t-rf-1']);
    const first = await refund({ paymentId, reason: 'requested_by_customer' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      paymentId,
      amountCents: 3000,
      refundedTotalCents: 3000,
      remainingCents: 0,
      duplicate: false,
      workflowId: `refund-${paymentId}`,
    });
    const again = await refund({ paymentId, reason: 'requested_by_customer' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ refundId: first.body.refundId, duplicate: true });
    const [a, b] = await Promise.all([
      refund({ invoiceId, reason: 'requested_by_customer' }),
      refund({ paymentId, reason: 'requested_by_customer' }),
    ]);
    expect([a.body.refundId, b.body.refundId]).toEqual([first.body.refundId, first.body.refundId]);

    const calls = stripeRefundsFor(pi);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.idempotencyKey).toMatch(new RegExp(`^refund-${paymentId}-`));
    expect(calls[0]!.params.get('amount')).toBe('3000');
    expect(calls[0]!.params.get('reason')).toBe('requested_by_customer');
    expect(await p.appDeps.payments.ledger.refundsOf(paymentId)).toHaveLength(1);
    expect(await p.appDeps.payments.invoices.get(invoiceId)).toMatchObject({ status: 'refunded', refundedCents: 3000 });
    const [task] = await p.database.db.select().from(jobs).where(eq(jobs.taskId, 't-rf-1'));
    expect(task!.paymentStatus).toBe('refunded');

    const mail = await p.smtp.waitFor((m) => m.subject.startsWith('Refund') && m.subject.includes(invoiceId));
    expect(mail.to).toEqual(['refund-me@example.com']);
    expect(mail.subject).toContain('30.00 USD');
    expect(p.smtp.mails.filter((m) => m.subject.startsWith('Refund') && m.subject.includes(invoiceId))).toHaveLength(1);
    expect((await p.appDeps.payments.audit.bySubject(`payment:${paymentId}`)).map((e) => e.action)).toEqual([
      'payment.refunded',
    ]);

    // Application metrics: one payment, one refund, however often the refund was asked for.
    const sum = async (
      metric: { get(): Promise<{ values: { value: number; labels: Record<string, string | number | undefined> }[] }> },
      labels: Record<string, string>,
    ) =>
      (await metric.get()).values
        .filter((v) => Object.entries(labels).every(([k, want]) => v.labels[k] === want))
        .reduce((n, v) => n + v.value, 0);
    const m = p.appDeps.metrics;
    expect(await sum(m.payments, { provider: 'stripe', currency: 'usd' })).toBe(1);
    expect(await sum(m.paymentAmount, { currency: 'usd' })).toBe(3000);
    expect(await sum(m.refunds, { source: 'api' })).toBe(1);

    const more = await refund({ paymentId, reason: 'something else' });
    expect(more.status).toBe(409);
    expect(more.body.error!.code).toBe('nothing_to_refund');
  });

  it('partial refunds never add up to more than the charge', async () => {
    await p.database.db
      .insert(jobs)
      .values({ taskId: 't-rf-part', workflowId: 'task-t-rf-part', source: 'api', title: 'a', prompt: 'a' });
    const { paymentId, invoiceId, pi } = await paidInvoice(10, 'partial@example.com', ['t-rf-part']);
    const r1 = await refund({ paymentId, amount: 4, reason: 'part one' });
    expect(r1.body).toMatchObject({ amountCents: 400, refundedTotalCents: 400, remainingCents: 600 });
    expect(await p.appDeps.payments.invoices.get(invoiceId)).toMatchObject({
      status: 'partially_refunded',
      refundedCents: 400,
    });
    // The client got money back for this task: job replay must never re-run it.
    const paymentStatus = async () =>
      (await p.database.db.select({ s: jobs.paymentStatus }).from(jobs).where(eq(jobs.taskId, 't-rf-part')))[0]!.s;
    expect(await paymentStatus()).toBe('partially_refunded');

    const tooMuch = await refund({ paymentId, amount: 6.01, reason: 'too much' });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error!.details!.issues[0]!.field).toBe('amount');
    expect(tooMuch.body.error!.message).toContain('6.00');

    // Three racing requests for 2.50 each against 6.00 remaining: two succeed, the third is refused.
    const racing = await Promise.all([1, 2, 3].map((n) => refund({ paymentId, amount: 2.5, reason: `race ${n}` })));
    expect(racing.map((r) => r.status).sort()).toEqual([201, 201, 400]);
    expect(await p.appDeps.payments.ledger.get(paymentId)).toMatchObject({ refundedCents: 900 });
    const rest = await refund({ paymentId, reason: 'whatever is left' }); // no amount: all that remains
    expect(rest.body).toMatchObject({ amountCents: 100, remainingCents: 0 });
    expect(await paymentStatus()).toBe('refunded');
    const rows = await p.appDeps.payments.ledger.refundsOf(paymentId);
    expect(rows.reduce((s, r) => s + r.amountCents, 0)).toBe(1000);
    expect(stripeRefundsFor(pi).reduce((s, c) => s + Number(c.params.get('amount')), 0)).toBe(1000);
    expect(await p.appDeps.payments.ledger.get(paymentId)).toMatchObject({ refundedCents: 1000 });
    expect(await p.appDeps.payments.invoices.get(invoiceId)).toMatchObject({ status: 'refunded', refundedCents: 1000 });
    expect((await refund({ paymentId, amount: 0.01, reason: 'one more cent' })).status).toBe(409);
  });

  it('charge.refunded for our own refund adds nothing; one made in the Stripe dashboard is recorded once', async () => {
    const { paymentId, pi } = await paidInvoice(20, 'dash@example.com');
    const ours = await refund({ paymentId, amount: 5, reason: 'ours' });
    const ourStripeId = (await p.appDeps.payments.ledger.refundsOf(paymentId))[0]!.providerRefundId!;
    const echo = stripeEvents.chargeRefunded(pi, 2000, 500, [{ id: ourStripeId, amount: 500 }]);
    expect((await deliver(p, echo)).body.status).toBe('signalled');
    const dashboard = stripeEvents.chargeRefunded(pi, 2000, 1200, [
      { id: ourStripeId, amount: 500 },
      { id: 're_dashboard_1', amount: 700 },
    ]);
    for (let i = 0; i < 3; i++) await deliver(p, dashboard);
    await waitFor(
      'the dashboard refund to be recorded',
      async () => (await p.appDeps.payments.ledger.get(paymentId))!.refundedCents === 1200,
      10_000,
    );
    const rows = await p.appDeps.payments.ledger.refundsOf(paymentId);
    expect(rows.map((r) => [r.amountCents, r.source])).toEqual([
      [500, 'api'],
      [700, 'provider'],
    ]);
    expect(ours.body.refundId).toBe(rows[0]!.id);

    const next = await refund({ paymentId, amount: 8.01, reason: 'over what Stripe shows' });
    expect(next.status).toBe(400); // 20.00 − 12.00 = 8.00 remain
  });

  it('validates the body and finds nothing for unknown ids', async () => {
    expect((await refund({ reason: 'x' })).status).toBe(400);
    const both = await refund({ paymentId: 'a', invoiceId: 'b', reason: 'x' });
    expect(both.body.error!.details!.issues[0]!.field).toBe('paymentId');
    expect((await refund({ paymentId: 'pay_x', reason: 'x', amount: -1 })).body.error!.details!.issues[0]!.field).toBe(
      'amount',
    );
    expect((await refund({ paymentId: 'pay_unknown', reason: 'x' })).status).toBe(404);
    const open = await createInvoice(p, { amount: 1, email: 'open@example.com' });
    expect((await refund({ invoiceId: open.body.invoiceId, reason: 'x' })).status).toBe(409);
    expect((await p.app.request('/refund', { headers: admin() })).status).toBe(405);
  });
});
