import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import { amountSchema } from '../../domain/amount-schema';
import { PAID_STATUSES, refundWorkflowId } from '../../domain/payments';
import { requestRefund } from '../../domain/contracts/payment-messages';
import type { refundWorkflow } from '../../workflows/refund';
import type { AppEnv } from '../app-env';
import { AUDIT_ACTIONS } from '../../domain/audit-actions';
import type { RouteContext } from '../app-deps';
import { ApiError, notFound } from '../errors';
import { onlyMethods } from '../method-guard';
import { paymentUpdateError, paypalNotConfigured, stripeNotConfigured } from '../payment-errors';
import { parseJsonBody } from '../validation';
import { within } from '../workflow-wait';

/** How long POST /refund waits for the refund workflow (e.g. no worker running) before answering 202. */
const REFUND_WAIT_MS = 30_000;

/**
 * Without an idempotencyKey, a request is identified by what it asks (payment, amount, reason):
 * sending the same request again returns the first refund. A second, deliberate identical partial
 * refund needs its own idempotencyKey.
 */
const derivedKey = (paymentId: string, amountCents: number | undefined, reason: string) =>
  createHash('sha256')
    .update(JSON.stringify([paymentId, amountCents ?? 'rest', reason]))
    .digest('hex')
    .slice(0, 40);

export const refundBody = z
  .object({
    paymentId: z.string().trim().min(1).max(100).optional(),
    invoiceId: z.string().trim().min(1).max(100).optional(),
    amount: amountSchema(Number.MAX_SAFE_INTEGER).optional(),
    reason: z.string().trim().min(1).max(500),
    idempotencyKey: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .refine((b) => !!b.paymentId !== !!b.invoiceId, {
    message: 'give exactly one of paymentId and invoiceId',
    path: ['paymentId'],
  });

/** `POST /refund` (mounted there by legacy-paths): refunds a payment through its refund workflow. */
export function refundRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const p = ctx.payments;

  app.post('/', ctx.admin, async (c) => {
    const b = await parseJsonBody(c, refundBody);
    let payment = b.paymentId ? await p.ledger.get(b.paymentId) : undefined;
    if (b.invoiceId) {
      const inv = await p.invoices.get(b.invoiceId);
      if (!inv) throw notFound('Invoice');
      if (!PAID_STATUSES.includes(inv.status))
        throw new ApiError(
          409,
          'invoice_not_paid',
          `Invoice ${inv.id} is ${inv.status}; only paid invoices can be refunded`,
        );
      payment = await p.ledger.byInvoice(inv.id);
    }
    if (!payment) throw notFound('Payment');
    if (payment.provider === 'stripe' && !p.stripe) throw stripeNotConfigured();
    if (payment.provider === 'paypal' && !p.paypal) throw paypalNotConfigured();
    const requestKey = b.idempotencyKey ?? derivedKey(payment.id, b.amount, b.reason);
    const workflowId = refundWorkflowId(payment.id);
    try {
      const update = ctx.temporal.workflow.executeUpdateWithStart(requestRefund, {
        args: [{ requestKey, amountCents: b.amount, reason: b.reason }],
        startWorkflowOperation: new WithStartWorkflowOperation<typeof refundWorkflow>('refundWorkflow', {
          workflowId,
          taskQueue: ctx.config.temporal.taskQueue,
          args: [{ paymentId: payment.id }],
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        }),
      });
      const result = await within(update, REFUND_WAIT_MS);
      // Reason text is the operator's own words and may name the client: the request key stands for it.
      await ctx.operatorAudit.record(c, {
        action: AUDIT_ACTIONS.refundRequest,
        target: payment.id,
        details: {
          requestKey,
          amountCents: b.amount ?? null,
          outcome: result ? (result.duplicate ? 'duplicate' : 'done') : 'accepted',
        },
      });
      // Too slow: the workflow carries on; repeating the request returns its result.
      if (!result) return c.json({ status: 'accepted', paymentId: payment.id, requestKey, workflowId }, 202);
      return c.json({ ...result, workflowId }, result.duplicate ? 200 : 201);
    } catch (err) {
      throw paymentUpdateError(err);
    }
  });
  onlyMethods(app, '/', ['POST']);

  return app;
}
