import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import { databaseFailure } from '../../activities/database-failures';
import { refundWorkflowId } from '../../domain/payments';
import { createLogger } from '../../infra/logger';
import { requestRefund } from '../../domain/contracts/payment-messages';
import {
  admin,
  createInvoice,
  createPaymentPlatform,
  deliver,
  stripeEvents,
  type PaymentPlatform,
} from '../support/payments';

describe('data the database refuses (findings #6 and #12)', () => {
  let p: PaymentPlatform;
  beforeAll(async () => {
    p = await createPaymentPlatform();
  });
  afterAll(async () => p.close());

  async function paidInvoice(amount: number) {
    const inv = await createInvoice(p, { amount, email: 'bad-data@example.com' });
    const pi = `pi_${inv.body.invoiceId.slice(4)}`;
    await deliver(p, stripeEvents.checkoutCompleted(inv.body.invoiceId, Math.round(amount * 100), pi));
    await p.client.workflow.getHandle(`invoice-${inv.body.invoiceId}`).result();
    return (await p.appDeps.payments.ledger.byInvoice(inv.body.invoiceId))!.id;
  }

  it('#6 refund reason with a NUL: POST /refund is a 400 naming reason and Stripe is not called', async () => {
    const paymentId = await paidInvoice(10);
    const before = p.stripeFront.callsTo('POST', '/v1/refunds').length;
    const res = await p.app.request('/refund', {
      method: 'POST',
      headers: admin(),
      body: JSON.stringify({ paymentId, amount: 2, reason: 'oops\u0000' }),
    });
    expect(res.status).toBe(400);
    expect(
      ((await res.json()) as { error: { details: { issues: { field: string }[] } } }).error.details.issues[0]!.field,
    ).toBe('reason');
    expect(p.stripeFront.callsTo('POST', '/v1/refunds')).toHaveLength(before);
  });

  it('#6 Stripe refunded but recordRefund cannot store the reason: one attempt, a bad_data failure, later refunds of the payment still work', async () => {
    const paymentId = await paidInvoice(10);
    const handle = await p.client.workflow.start('refundWorkflow', {
      workflowId: refundWorkflowId(paymentId),
      taskQueue: p.taskQueue,
      args: [{ paymentId }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
    // Past the API's check (an older client, a replayed update): the workflow must not retry it forever.
    const failed = await handle
      .executeUpdate(requestRefund, {
        args: [{ requestKey: randomUUID(), amountCents: 400, reason: 'bad\u0000reason' }],
      })
      .then(
        () => undefined,
        (err: unknown) => err as Error & { cause?: { type?: string; message?: string } },
      );
    expect(failed?.cause?.type).toBe('bad_data');
    expect(failed?.cause?.message).toMatch(/SQLSTATE 22/);
    const history = await handle.fetchHistory();
    const recordTries = (history.events ?? []).filter(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'recordRefund',
    );
    expect(recordTries).toHaveLength(1);
    const started = (history.events ?? []).filter((e) => e.activityTaskStartedEventAttributes);
    expect(started.every((e) => (e.activityTaskStartedEventAttributes!.attempt ?? 1) === 1)).toBe(true);

    const next = await p.app.request('/refund', {
      method: 'POST',
      headers: admin(),
      body: JSON.stringify({ paymentId, amount: 3, reason: 'requested_by_customer' }),
    });
    expect(next.status).toBe(201);
    expect(((await next.json()) as { amountCents: number }).amountCents).toBe(300);
  });

  it('#12 a failed query is logged with its SQLSTATE and message, never its parameters', async () => {
    const secretPrompt = `personal-prompt-${randomUUID()}`;
    const email = `someone-${randomUUID().slice(0, 8)}@example.com`;
    const err = await p.appDeps.tasks
      .create({
        taskId: randomUUID(),
        workflowId: `task-${randomUUID()}`,
        source: 'api',
        clientId: email,
        idempotencyKey: null,
        title: 't',
        prompt: `${secretPrompt}\u0000`,
        type: 'text',
        mediaUrl: null,
      })
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(err).toBeDefined();
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ level: 'info', secrets: [], destination: sink });
    logger.error({ err }, 'query failed');
    logger.error(err as object, 'query failed (error as the object)');
    await new Promise((r) => setImmediate(r));
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).toMatch(/SQLSTATE 22[0-9A-Z]{3}/);
      expect(line).not.toContain(secretPrompt);
      expect(line).not.toContain(email);
    }
    // The failure an activity reports (and its workflow history keeps) says the same, no more.
    const failure = databaseFailure(err) as Error;
    expect(failure.message).toMatch(/^database query failed \(SQLSTATE 22[0-9A-Z]{3}\): /);
    expect(JSON.stringify({ m: failure.message, s: failure.stack })).not.toContain(secretPrompt);
  });
});
