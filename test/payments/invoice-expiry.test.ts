import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvoice, createPaymentPlatform, deliver, stripeEvents, type PaymentPlatform } from '../support/payments';

describe('invoice expiry with a short configured expiry (real timers on the dev server)', () => {
  let p: PaymentPlatform;
  beforeAll(async () => {
    p = await createPaymentPlatform({ INVOICE_EXPIRY_SECONDS: '4', INVOICE_REMINDER_BEFORE_SECONDS: '2' });
  });
  afterAll(async () => p.close());

  it('sends the reminder before expiry, then expires the invoice and its Checkout Session at Stripe', async () => {
    const inv = await createInvoice(p, { amount: 15, email: 'slow@example.com' });
    expect(inv.status).toBe(201);
    const session = p.stripeFront.callsTo('POST', '/v1/checkout/sessions')[0]!;
    expect(session.params.get('expires_at')).toBeNull(); // under Stripe's 30 min minimum: the workflow enforces it

    const reminder = await p.smtp.waitFor(
      (m) => m.subject.startsWith('Reminder') && m.subject.includes(inv.body.invoiceId),
    );
    expect(reminder.to).toEqual(['slow@example.com']);
    expect(reminder.text).toContain(inv.body.checkoutUrl);
    expect((await p.appDeps.payments.invoices.get(inv.body.invoiceId))!.status).toBe('open'); // reminded, not yet expired

    const outcome: unknown = await p.client.workflow.getHandle(`invoice-${inv.body.invoiceId}`).result();
    expect(outcome).toMatchObject({ status: 'expired' });
    const row = await p.appDeps.payments.invoices.get(inv.body.invoiceId);
    expect(row).toMatchObject({ status: 'expired' });
    expect(row!.expiredAt!.getTime() - row!.createdAt.getTime()).toBeGreaterThanOrEqual(4000);
    expect(row!.reminderSentAt!.getTime()).toBeLessThan(row!.expiredAt!.getTime());

    const sessionId = row!.stripeCheckoutSessionId!;
    const expire = p.stripeFront.callsTo('POST', `/v1/checkout/sessions/${sessionId}/expire`);
    expect(expire).toHaveLength(1);
    expect(expire[0]!.idempotencyKey).toBe(`expire-${inv.body.invoiceId}`);
    expect((await p.appDeps.payments.audit.bySubject(`invoice:${inv.body.invoiceId}`)).map((a) => a.action)).toEqual([
      'invoice.expired',
    ]);
    // The invoice as issued, then the reminder; no receipt.
    expect(
      p.smtp.mails.filter((m) => m.subject.includes(inv.body.invoiceId)).map((m) => m.subject.split(' ')[0]),
    ).toEqual(['Invoice', 'Reminder:']);
  });

  it('money that arrives after expiry is still recorded: the invoice becomes paid and a receipt goes out', async () => {
    const inv = await createInvoice(p, { amount: 6, email: 'late@example.com' });
    expect(await p.client.workflow.getHandle(`invoice-${inv.body.invoiceId}`).result()).toMatchObject({
      status: 'expired',
    });
    expect(
      (await deliver(p, stripeEvents.paymentIntentSucceeded(inv.body.invoiceId, 600, 'pi_late_1'))).body.status,
    ).toBe('signalled');
    await p.smtp.waitFor((m) => m.subject.startsWith('Receipt') && m.subject.includes(inv.body.invoiceId));
    expect(await p.appDeps.payments.invoices.get(inv.body.invoiceId)).toMatchObject({ status: 'paid' });
    expect(await p.appDeps.payments.ledger.byInvoice(inv.body.invoiceId)).toMatchObject({
      amountCents: 600,
      providerPaymentId: 'pi_late_1',
    });
    expect((await p.appDeps.payments.audit.bySubject(`invoice:${inv.body.invoiceId}`)).map((a) => a.action)).toEqual([
      'invoice.expired',
      'invoice.paid',
    ]);
  });

  it('a payment before expiry wins: no reminder, no expiry', async () => {
    const inv = await createInvoice(p, { amount: 2, email: 'quick@example.com' });
    await deliver(p, stripeEvents.checkoutCompleted(inv.body.invoiceId, 200));
    expect(await p.client.workflow.getHandle(`invoice-${inv.body.invoiceId}`).result()).toMatchObject({
      status: 'paid',
    });
    await new Promise((r) => setTimeout(r, 4500)); // past the would-be expiry
    expect((await p.appDeps.payments.invoices.get(inv.body.invoiceId))!.status).toBe('paid');
    expect(
      p.smtp.mails.filter((m) => m.subject.startsWith('Reminder') && m.subject.includes(inv.body.invoiceId)),
    ).toHaveLength(0);
  });

  it('checkout.session.expired from Stripe expires the invoice at once', async () => {
    const longer = await createPaymentPlatform({ INVOICE_EXPIRY_SECONDS: '3600' }, p.database);
    try {
      const inv = await createInvoice(longer, { amount: 9, email: 'gone@example.com' });
      expect((await deliver(longer, stripeEvents.checkoutExpired(inv.body.invoiceId))).body.status).toBe('signalled');
      expect(await longer.client.workflow.getHandle(`invoice-${inv.body.invoiceId}`).result()).toMatchObject({
        status: 'expired',
      });
      expect((await longer.appDeps.payments.invoices.get(inv.body.invoiceId))!.status).toBe('expired');
    } finally {
      await longer.close();
    }
  });
});
