import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleDefinitions } from '../../schedules/definitions';
import { testConfig } from '../support/test-config';
import {
  admin,
  createInvoice,
  createPaymentPlatform,
  deliver,
  stripeEvents,
  type PaymentPlatform,
} from '../support/payments';
import { waitFor } from '../support/wait-for';

interface ScanBody {
  workflowId: string;
  scanned: number;
  caught: { eventId: string; type: string; outcome: string }[];
  failed: unknown[];
  cursorTo: string;
}

describe('payment reconciliation (GET /payments/scan, Stripe events listing via the front fake)', () => {
  let p: PaymentPlatform;
  beforeAll(async () => {
    p = await createPaymentPlatform();
  });
  afterAll(async () => p.close());

  const scan = async () => {
    const res = await p.app.request('/payments/scan', { headers: admin() });
    expect(res.status).toBe(200);
    return (await res.json()) as ScanBody;
  };

  it('catches a webhook that never arrived; the late webhook and the next scan change nothing', async () => {
    const inv = await createInvoice(p, { amount: 19.99, email: 'lost@example.com' });
    const delivered = await createInvoice(p, { amount: 5, email: 'delivered@example.com' });
    const now = Math.floor(Date.now() / 1000);
    const lost = stripeEvents.checkoutCompleted(inv.body.invoiceId, 1999, 'pi_lost_1', now);
    const seen = stripeEvents.checkoutCompleted(delivered.body.invoiceId, 500, 'pi_seen_1', now);
    p.stripeFront.events.push(lost, seen); // both happened at Stripe…
    expect((await deliver(p, seen)).body.status).toBe('signalled'); // …but only one webhook arrived

    const first = await scan();
    expect(first.caught).toEqual([{ eventId: lost.id, type: 'checkout.session.completed', outcome: 'signalled' }]);
    expect(first.scanned).toBe(2);
    expect(first.failed).toEqual([]);
    expect(p.stripeFront.callsTo('GET', '/v1/events')[0]!.params.getAll('types[0]')).toEqual([
      'checkout.session.completed',
    ]);

    expect(await p.client.workflow.getHandle(`invoice-${inv.body.invoiceId}`).result()).toMatchObject({
      status: 'paid',
    });
    expect(await p.appDeps.payments.ledger.byInvoice(inv.body.invoiceId)).toMatchObject({
      amountCents: 1999,
      eventId: lost.id,
    });
    expect(await p.appDeps.payments.processed.get(lost.id)).toMatchObject({
      source: 'reconciliation',
      outcome: 'signalled',
    });

    const late = await deliver(p, lost); // Stripe's retry finally gets through
    expect(late.body.status).toBe('duplicate');
    const second = await scan();
    expect(second.caught).toEqual([]);
    expect(await p.appDeps.payments.audit.bySubject(`invoice:${inv.body.invoiceId}`)).toHaveLength(1);
    expect(
      p.smtp.mails.filter((m) => m.subject.startsWith('Receipt') && m.subject.includes(inv.body.invoiceId)),
    ).toHaveLength(1);
  });

  it('keeps a cursor: events before it are not listed again, and debug shows the last run', async () => {
    const before = p.stripeFront.callsTo('GET', '/v1/events').length;
    const cursor = await p.appDeps.payments.reconciliation.cursor('stripe');
    await scan();
    const call = p.stripeFront.callsTo('GET', '/v1/events')[before]!;
    expect(Number(call.params.get('created[gte]'))).toBe(Math.floor(cursor!.getTime() / 1000));

    const debug = (await (await p.app.request('/payments/debug', { headers: admin() })).json()) as {
      lastReconciliation: { source: string; scanned: number };
    };
    expect(debug.lastReconciliation).toMatchObject({ source: 'scan' });
  });

  it('an event that cannot be handled yet holds the cursor, and a later scan handles it', async () => {
    const inv = await createInvoice(p, { amount: 8, email: 'early-refund@example.com' });
    const pi = 'pi_early_refund_1';
    const created = Math.floor(Date.now() / 1000) + 1;
    // Stripe reports a refund of a payment whose own event has not reached us yet.
    const refundEv = stripeEvents.chargeRefunded(pi, 800, 300, [{ id: 're_early_1', amount: 300 }], {
      invoiceId: inv.body.invoiceId,
      created,
    });
    p.stripeFront.events.push(refundEv);
    expect((await deliver(p, refundEv)).status).toBe(503); // webhook: "deliver again later"
    const blocked = await scan();
    expect(blocked.failed).toEqual([{ eventId: refundEv.id, error: expect.stringContaining('not recorded yet') }]);
    expect(Date.parse(blocked.cursorTo)).toBeLessThanOrEqual(created * 1000);

    expect((await deliver(p, stripeEvents.checkoutCompleted(inv.body.invoiceId, 800, pi))).body.status).toBe(
      'signalled',
    );
    await p.client.workflow.getHandle(`invoice-${inv.body.invoiceId}`).result();
    const next = await scan();
    expect(next.caught).toEqual([{ eventId: refundEv.id, type: 'charge.refunded', outcome: 'signalled' }]);
    const paymentId = (await p.appDeps.payments.ledger.byInvoice(inv.body.invoiceId))!.id;
    await waitFor(
      'the refund to be recorded',
      async () => (await p.appDeps.payments.ledger.get(paymentId))!.refundedCents === 300,
      10_000,
    );
    expect(await p.appDeps.payments.invoices.get(inv.body.invoiceId)).toMatchObject({
      status: 'partially_refunded',
      refundedCents: 300,
    });
  });

  it('is scheduled every 15 minutes when Stripe is configured', () => {
    const def = scheduleDefinitions(p.config).find((d) => d.id === 'payment-reconciliation');
    expect(def).toMatchObject({
      workflowType: 'paymentReconciliation',
      spec: { intervals: [{ every: '15 minutes' }] },
    });
    expect(scheduleDefinitions(testConfig()).some((d) => d.id === 'payment-reconciliation')).toBe(false);
  });
});
