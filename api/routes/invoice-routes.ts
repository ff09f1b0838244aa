import { Hono } from 'hono';
import { z } from 'zod';
import { WithStartWorkflowOperation, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import { invoiceWorkflowId } from '../../domain/payments';
import { newInvoiceId, type InvoiceRow } from '../../infra/db/repositories/invoices';
import type { invoiceWorkflow } from '../../workflows/invoice';
import { invoiceCheckout } from '../../domain/contracts/payment-messages';
import type { AppEnv } from '../app-env';
import { AUDIT_ACTIONS } from '../../domain/audit-actions';
import type { RouteContext } from '../app-deps';
import { conflict, notFound } from '../errors';
import { invoiceBody } from '../invoice-body';
import { invoiceDetail, invoiceView } from '../invoice-view';
import { alreadyInvoiced, resolveInvoice } from '../invoice-work';
import { onlyMethods } from '../method-guard';
import { paymentUpdateError, paypalNotConfigured, stripeNotConfigured } from '../payment-errors';
import { parseJsonBody, validate } from '../validation';
import { within } from '../workflow-wait';
import { grossOfInvoice } from '../../domain/referrals';
import { ReferralClaimLost } from '../../infra/db/repositories/referrals';
import { referralRaceLost, withReferral } from '../referral-work';

const invoiceIdParam = z.object({ invoiceId: z.string().min(1).max(100) });

/** How long create-invoice waits for the workflow's Checkout Session before answering 202. */
const CHECKOUT_WAIT_MS = 30_000;

/** The constraint a unique violation names ('' when unnamed); undefined for other errors. */
function uniqueViolation(err: unknown): string | undefined {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const v = e?.code === '23505' ? e : e?.cause?.code === '23505' ? e.cause : undefined;
  return v ? (v.constraint ?? '') : undefined;
}

export { invoiceBody };

export function invoiceRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const p = ctx.payments;
  const body = invoiceBody(p.config.payments.maxAmountCents);

  app.post('/create-invoice', ctx.admin, async (c) => {
    const b = await parseJsonBody(c, body);
    const provider = b.provider ?? 'stripe';
    if (provider === 'stripe' && !p.stripe) throw stripeNotConfigured();
    if (provider === 'paypal' && !p.paypal) throw paypalNotConfigured();
    if (b.idempotencyKey) {
      const prior = await p.invoices.byIdempotencyKey(b.idempotencyKey);
      if (prior) {
        const differs =
          (b.amount !== undefined && grossOfInvoice(prior) !== b.amount) ||
          (b.email !== undefined && prior.email !== b.email.toLowerCase()) ||
          (b.clientId !== undefined && prior.clientId !== b.clientId) ||
          prior.provider !== provider;
        if (differs) throw conflict('idempotencyKey was used for a different invoice');
        return c.json({ ...invoiceView(prior), duplicate: true }, 200);
      }
    }
    const work = await resolveInvoice(p, b);
    const billed = await withReferral(ctx.intel.referrals, work.client.id, work.lines);
    const taskIds = work.taskIds;
    const invoiceId = newInvoiceId();
    const workflowId = invoiceWorkflowId(invoiceId);
    let inv: InvoiceRow;
    try {
      inv = await p.invoiceWork.insertWithTasks(
        {
          id: invoiceId,
          clientId: work.client.id,
          email: work.email.toLowerCase(),
          description: b.description,
          amountCents: billed.amountCents,
          currency: p.config.payments.currency,
          provider,
          taskIds,
          lineItems: billed.lines,
          periodFrom: b.from,
          periodTo: b.to,
          idempotencyKey: b.idempotencyKey,
          workflowId,
          expiresAt: new Date(Date.now() + p.config.payments.invoiceExpirySeconds * 1000),
        },
        taskIds,
        (tx) => ctx.intel.referrals.claim(tx, invoiceId, work.client.id, billed.referral),
      );
    } catch (err) {
      if (err instanceof ReferralClaimLost) throw referralRaceLost();
      if (uniqueViolation(err) === 'invoice_tasks_task_live_uq') throw alreadyInvoiced('taskIds'); // a concurrent invoice won
      if (b.idempotencyKey && uniqueViolation(err))
        throw conflict('an invoice with this idempotencyKey is being created; retry shortly');
      throw err;
    }
    await p.invoices.markTasksUnpaid(taskIds);
    // Ids and amounts only: the email stays out of the log.
    await ctx.operatorAudit.record(c, {
      action: AUDIT_ACTIONS.invoiceCreate,
      target: invoiceId,
      details: { clientId: inv.clientId, amountCents: inv.amountCents, currency: inv.currency, tasks: taskIds.length },
    });

    // The workflow creates the Checkout Session or PayPal order; the update answers once it has the URL.
    const start = {
      workflowId,
      taskQueue: ctx.config.temporal.taskQueue,
      args: [{ invoiceId }] as [{ invoiceId: string }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    };
    const update = ctx.temporal.workflow.executeUpdateWithStart(invoiceCheckout, {
      startWorkflowOperation: new WithStartWorkflowOperation<typeof invoiceWorkflow>('invoiceWorkflow', start),
    });
    const checkout = await within(update, CHECKOUT_WAIT_MS).catch(async (err: unknown) => {
      if (!(err instanceof WorkflowUpdateRPCTimeoutOrCancelledError)) throw paymentUpdateError(err);
      // A busy server let the update's call time out, so the run may not exist yet: make sure it does (a no-op when
      // it does) and answer as "too slow"; the invoice row is stored and the run creates the checkout.
      await ctx.temporal.workflow.start<typeof invoiceWorkflow>('invoiceWorkflow', start);
      return undefined;
    });
    // Too slow: answered without a URL; the workflow carries on.
    if (!checkout) return c.json({ ...invoiceView(inv), checkoutUrl: null }, 202);
    return c.json({ ...invoiceView({ ...inv, status: 'open', checkoutUrl: checkout.checkoutUrl }) }, 201);
  });
  onlyMethods(app, '/create-invoice', ['POST']);

  app.get('/invoices/:invoiceId', ctx.admin, async (c) => {
    const { invoiceId } = validate(invoiceIdParam, c.req.param(), 'path');
    const inv = await p.invoices.get(invoiceId);
    if (!inv) throw notFound('Invoice');
    return c.json(await invoiceDetail(p, inv));
  });
  onlyMethods(app, '/invoices/:invoiceId', ['GET']);

  return app;
}
