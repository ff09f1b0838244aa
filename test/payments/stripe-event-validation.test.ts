import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { signedDelivery, stripeEvents, WEBHOOK_SECRET } from '../support/payments';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

type ErrorAnswer = { error: { code: string; message: string; details?: { issues: { field: string }[] } } };

describe('#15 signed Stripe events are validated before any effect', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform({ STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET });
  });
  afterAll(async () => p.close());

  const send = async (ev: unknown) => {
    const d = signedDelivery(ev as Stripe.Event);
    const res = await p.app.request('/webhook/stripe', { method: 'POST', headers: d.headers, body: d.body });
    return { status: res.status, body: (await res.json()) as ErrorAnswer };
  };
  const without = (key: string) => {
    const ev = stripeEvents.checkoutCompleted('inv_x', 100) as unknown as Record<string, unknown>;
    delete ev[key];
    return ev;
  };
  const started = async () => {
    const ids: string[] = [];
    for await (const wf of p.client.workflow.list({ query: `TaskQueue = '${p.taskQueue}'` })) ids.push(wf.workflowId);
    return ids;
  };

  it.each(['id', 'created', 'data', 'type'])(
    '#15 a signed event without `%s` → 400 naming the field, nothing recorded or started',
    async (field) => {
      const ev = without(field);
      const res = await send(ev);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details!.issues.map((i) => i.field)).toContain(field);
      if (typeof ev.id === 'string') expect(await p.appDeps.payments.processed.has(ev.id)).toBe(false);
    },
  );

  it('#15 a handled event whose data.object is malformed → 400 naming the field', async () => {
    const ev = stripeEvents.checkoutCompleted('inv_x', 100);
    (ev.data.object as unknown as Record<string, unknown>).amount_total = '100';
    (ev.data.object as unknown as Record<string, unknown>).metadata = { invoiceId: 42 };
    const res = await send(ev);
    expect(res.status).toBe(400);
    expect(res.body.error.details!.issues.map((i) => i.field)).toEqual(
      expect.arrayContaining(['data.object.amount_total', 'data.object.metadata.invoiceId']),
    );
    expect(await p.appDeps.payments.processed.has(ev.id)).toBe(false);
    const pi = stripeEvents.paymentIntentSucceeded('inv_x', 100, 'pi_bad');
    delete (pi.data.object as unknown as Record<string, unknown>).currency;
    expect((await send(pi)).body.error.details!.issues.map((i) => i.field)).toEqual(['data.object.currency']);
  });

  it('#15 an event created an hour in the future → 400 on `created`; one a few seconds ahead is accepted', async () => {
    const future = stripeEvents.checkoutCompleted('inv_not_ours', 100, undefined, Math.floor(Date.now() / 1000) + 3600);
    const res = await send(future);
    expect(res.status).toBe(400);
    expect(res.body.error.details!.issues).toEqual([expect.objectContaining({ field: 'created' })]);
    expect(res.body.error.message).toContain('future');
    expect(await p.appDeps.payments.processed.has(future.id)).toBe(false);

    const skewed = stripeEvents.checkoutCompleted('inv_not_ours', 100, undefined, Math.floor(Date.now() / 1000) + 5);
    expect(await send(skewed)).toMatchObject({ status: 200, body: { status: 'ignored' } });
    expect(await started()).toEqual([]);
  });

  it('#15 a signed body that is not an event object at all → 400', async () => {
    for (const body of [[], 'text', null, { id: 'evt_1', type: 'x', created: 1, data: 'no' }]) {
      expect((await send(body)).status).toBe(400);
    }
  });
});
