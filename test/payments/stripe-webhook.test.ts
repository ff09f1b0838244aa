import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { createPaymentEventDispatcher } from '../../infra/payments/payment-event-dispatcher';
import { jobs, processedPaymentEvents } from '../../infra/db/schema';
import { eq } from 'drizzle-orm';
import {
  createInvoice,
  createPaymentPlatform,
  deliver,
  signedDelivery,
  stripeEvents,
  type PaymentPlatform,
} from '../support/payments';
import { waitFor } from '../support/wait-for';

describe('POST /webhook/stripe → signals (real workflows, SMTP, database)', () => {
  let p: PaymentPlatform;
  beforeAll(async () => {
    p = await createPaymentPlatform();
  });
  afterAll(async () => p.close());

  it('answers 400 to a missing or wrong signature and to a tampered body, and processes nothing', async () => {
    const ev = stripeEvents.checkoutCompleted('inv_nothing', 100);
    const missing = await p.app.request('/webhook/stripe', { method: 'POST', body: JSON.stringify(ev) });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('missing_signature');

    const wrongSecret = signedDelivery(ev, 'whsec_someone_else');
    const bad = await p.app.request('/webhook/stripe', {
      method: 'POST',
      headers: wrongSecret.headers,
      body: wrongSecret.body,
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_signature');

    const good = signedDelivery(ev);
    const tampered = await p.app.request('/webhook/stripe', {
      method: 'POST',
      headers: good.headers,
      body: good.body.replace('"amount_total":100', '"amount_total":1'),
    });
    expect(tampered.status).toBe(400);
    expect(await p.appDeps.payments.processed.has(ev.id)).toBe(false);
  });

  it('the same checkout.session.completed delivered 5 times → one payment, one receipt with a PDF, one audit entry', async () => {
    await p.database.db
      .insert(jobs)
      .values({ taskId: 't-wh-1', workflowId: 'task-t-wh-1', source: 'api', title: 'a', prompt: 'a' });
    const inv = await createInvoice(p, { amount: 42.5, email: 'payer@example.com', taskIds: ['t-wh-1'] });
    expect(inv.status).toBe(201);
    const ev = stripeEvents.checkoutCompleted(inv.body.invoiceId, 4250);

    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await deliver(p, ev));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers[0]!.body).toMatchObject({ status: 'signalled', eventId: ev.id });
    expect(answers.slice(1).map((a) => a.body.status)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);

    const outcome: unknown = await p.client.workflow.getHandle(`invoice-${inv.body.invoiceId}`).result();
    expect(outcome).toMatchObject({ invoiceId: inv.body.invoiceId, status: 'paid' });
    const payments = p.appDeps.payments;
    expect(await payments.invoices.get(inv.body.invoiceId)).toMatchObject({ status: 'paid' });
    expect(await payments.ledger.byInvoice(inv.body.invoiceId)).toMatchObject({
      amountCents: 4250,
      provider: 'stripe',
      eventId: ev.id,
    });
    const [task] = await p.database.db.select().from(jobs).where(eq(jobs.taskId, 't-wh-1'));
    expect(task!.paymentStatus).toBe('paid');
    expect(
      await p.database.db.select().from(processedPaymentEvents).where(eq(processedPaymentEvents.eventId, ev.id)),
    ).toHaveLength(1);

    const receipt = await p.smtp.waitFor(
      (m) => m.subject.includes(inv.body.invoiceId) && m.subject.startsWith('Receipt'),
    );
    expect(receipt.to).toEqual(['payer@example.com']);
    expect(receipt.text).toContain('42.50 USD');
    const pdf = receipt.attachments.find((a) => a.contentType === 'application/pdf');
    expect(pdf?.filename).toBe(`invoice-${inv.body.invoiceId}.pdf`);
    expect(pdf!.content.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf!.content.toString('latin1')).toContain(`Invoice ${inv.body.invoiceId}`); // document title
    expect(
      p.smtp.mails.filter((m) => m.subject.startsWith('Receipt') && m.subject.includes(inv.body.invoiceId)),
    ).toHaveLength(1);

    const audit = await payments.audit.bySubject(`invoice:${inv.body.invoiceId}`);
    expect(audit.map((a) => a.action)).toEqual(['invoice.paid']);
    expect(audit[0]!.details).toMatchObject({ amountCents: 4250, eventId: ev.id });
    expect(await payments.audit.verify()).toBeUndefined();
  });

  it('5 deliveries of one event at the same moment → still one payment and one receipt', async () => {
    const inv = await createInvoice(p, { amount: 11, email: 'burst@example.com' });
    const ev = stripeEvents.checkoutCompleted(inv.body.invoiceId, 1100);
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => deliver(p, ev)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(await p.client.workflow.getHandle(`invoice-${inv.body.invoiceId}`).result()).toMatchObject({
      status: 'paid',
    });
    await p.smtp.waitFor((m) => m.subject.startsWith('Receipt') && m.subject.includes(inv.body.invoiceId));
    expect(
      p.smtp.mails.filter((m) => m.subject.startsWith('Receipt') && m.subject.includes(inv.body.invoiceId)),
    ).toHaveLength(1);
    expect(await p.appDeps.payments.audit.bySubject(`invoice:${inv.body.invoiceId}`)).toHaveLength(1);
    expect(
      await p.database.db.select().from(processedPaymentEvents).where(eq(processedPaymentEvents.eventId, ev.id)),
    ).toHaveLength(1);
  });

  it('payment_intent.succeeded after checkout.session.completed for the same payment changes nothing', async () => {
    const inv = await createInvoice(p, { amount: 10, email: 'twice@example.com' });
    const pi = 'pi_same_payment_1';
    expect((await deliver(p, stripeEvents.checkoutCompleted(inv.body.invoiceId, 1000, pi))).body.status).toBe(
      'signalled',
    );
    await p.client.workflow.getHandle(`invoice-${inv.body.invoiceId}`).result();
    // A late event for a finished invoice starts a short run that finds the payment already stored.
    expect((await deliver(p, stripeEvents.paymentIntentSucceeded(inv.body.invoiceId, 1000, pi))).body.status).toBe(
      'signalled',
    );
    await waitFor(
      'the late run to complete',
      async () =>
        (await p.client.workflow.getHandle(`invoice-${inv.body.invoiceId}`).describe()).status.name === 'COMPLETED',
      20_000,
    );
    const payments = p.appDeps.payments;
    expect(await payments.audit.bySubject(`invoice:${inv.body.invoiceId}`)).toHaveLength(1);
    expect(
      p.smtp.mails.filter((m) => m.subject.startsWith('Receipt') && m.subject.includes(inv.body.invoiceId)),
    ).toHaveLength(1);
    expect((await payments.invoices.get(inv.body.invoiceId))!.status).toBe('paid');
  });

  it('payment_intent.payment_failed is recorded and the invoice stays open', async () => {
    const inv = await createInvoice(p, { amount: 3, email: 'declined@example.com' });
    const res = await deliver(
      p,
      stripeEvents.paymentFailed(inv.body.invoiceId, 'pi_declined_1', 'Your card was declined.'),
    );
    expect(res.body.status).toBe('signalled');
    const row = await waitFor(
      'the failure to be recorded',
      async () => {
        const r = await p.appDeps.payments.invoices.get(inv.body.invoiceId);
        return r && r.failureCount === 1 ? r : undefined;
      },
      20_000,
    );
    expect(row).toMatchObject({ status: 'open', lastFailureReason: 'stripe: Your card was declined.' });
  });

  it('events for invoices that are not ours, and other event types, are acknowledged and ignored', async () => {
    const foreign = await deliver(p, stripeEvents.checkoutCompleted('inv_not_ours', 100));
    expect(foreign).toMatchObject({ status: 200, body: { status: 'ignored' } });
    const other = {
      ...stripeEvents.checkoutExpired('x'),
      type: 'customer.created',
      data: { object: { id: 'cus_1', object: 'customer' } },
    } as never;
    expect((await deliver(p, other)).body.status).toBe('ignored');
  });

  it('answers non-2xx when the signal cannot be sent, records nothing, and a redelivery then succeeds', async () => {
    const inv = await createInvoice(p, { amount: 7, email: 'retry@example.com' });
    const ev = stripeEvents.checkoutCompleted(inv.body.invoiceId, 700);
    // The same API over a Temporal connection that cannot reach any server.
    const connection = Connection.lazy({
      address: '127.0.0.1:1',
      connectTimeout: '1s',
      interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: 1 }))],
    });
    const deadTemporal = new Client({ connection, namespace: 'default' });
    const { processed, invoices, ledger } = p.appDeps.payments;
    const dispatcher = createPaymentEventDispatcher({
      temporal: deadTemporal,
      taskQueue: p.taskQueue,
      processed,
      invoices,
      ledger,
      logger: p.appDeps.logger,
    });
    const deadApp = createApp({
      ...p.appDeps,
      temporal: deadTemporal,
      payments: { ...p.appDeps.payments, dispatcher },
    });
    const d = signedDelivery(ev);
    const res = await deadApp.request('/webhook/stripe', { method: 'POST', headers: d.headers, body: d.body });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('temporal_unavailable');
    expect(await p.appDeps.payments.processed.has(ev.id)).toBe(false);
    await deadTemporal.connection.close().catch(() => undefined);

    expect((await deliver(p, ev)).body.status).toBe('signalled');
    expect(await p.client.workflow.getHandle(`invoice-${inv.body.invoiceId}`).result()).toMatchObject({
      status: 'paid',
    });
  });

  it('GET /webhook/stripe answers 405', async () => {
    expect((await p.app.request('/webhook/stripe')).status).toBe(405);
  });
});
