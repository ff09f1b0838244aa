import { Hono } from 'hono';
import { z } from 'zod';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import { amountSchema } from '../../domain/amount-schema';
import { formatCents } from '../../domain/money';
import { invoiceWorkflowId } from '../../domain/payments';
import { newInvoiceId, type InvoiceRow } from '../../infra/db/repositories/invoices';
import type { invoiceWorkflow } from '../../workflows/invoice';
import { invoiceCheckout } from '../../domain/contracts/payment-messages';
import type { AppEnv } from '../app-env';
import { AUDIT_ACTIONS } from '../../domain/audit-actions';
import type { RouteContext } from '../app-deps';
import { conflict, fieldError, notFound } from '../errors';
import { onlyMethods } from '../method-guard';
import { paymentUpdateError, paypalNotConfigured, stripeNotConfigured } from '../payment-errors';
import { parseJsonBody, validate } from '../validation';
import { within } from '../workflow-wait';

const invoiceIdParam = z.object({ invoiceId: z.string().min(1).max(100) });

/** How long create-invoice waits for the workflow's Checkout Session before answering 202. */
const CHECKOUT_WAIT_MS = 30_000;

const isUniqueViolation = (err: unknown) =>
  (err as { code?: string })?.code === '23505' || (err as { cause?: { code?: string } })?.cause?.code === '23505';

function invoiceView(inv: InvoiceRow) {
  return {
    invoiceId: inv.id,
    workflowId: inv.workflowId,
    status: inv.status,
    provider: inv.provider,
    clientId: inv.clientId,
    email: inv.email,
    description: inv.description,
    amountCents: inv.amountCents,
    amount: formatCents(inv.amountCents),
    currency: inv.currency,
    refundedCents: inv.refundedCents,
    taskIds: inv.taskIds,
    checkoutUrl: inv.checkoutUrl,
    expiresAt: inv.expiresAt.toISOString(),
    paidAt: inv.paidAt?.toISOString() ?? null,
    expiredAt: inv.expiredAt?.toISOString() ?? null,
    createdAt: inv.createdAt.toISOString(),
  };
}

/** `POST /api/payments/create-invoice` body; the amount ceiling comes from the configuration. */
export const invoiceBody = (maxAmountCents: number) =>
  z
    .object({
      amount: amountSchema(maxAmountCents),
      email: z.email().max(254),
      clientId: z.string().trim().min(1).max(100).optional(),
      name: z.string().trim().min(1).max(200).optional(),
      taskIds: z.array(z.string().min(1).max(200)).max(500).optional(),
      description: z.string().trim().min(1).max(500).optional(),
      idempotencyKey: z.string().trim().min(1).max(200).optional(),
      /** Where the client pays: Stripe Checkout (default) or a PayPal order's approval link. */
      provider: z.enum(['stripe', 'paypal']).optional(),
    })
    .strict();

export function invoiceRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const p = ctx.payments;
  const body = invoiceBody(p.config.payments.maxAmountCents);

  async function resolveClient(b: z.infer<typeof body>) {
    const rate = Math.round(p.config.pricing.defaultRateUsdPerMin * 100);
    if (!b.clientId) return p.clients.getOrCreate({ email: b.email, name: b.name, rateCentsPerMin: rate });
    const existing = await p.clients.get(b.clientId);
    if (existing) return existing;
    const byEmail = await p.clients.byEmail(b.email);
    if (byEmail) throw conflict(`email ${b.email} belongs to client ${byEmail.id}, not ${b.clientId}`);
    return p.clients.insert({ id: b.clientId, email: b.email, name: b.name, rateCentsPerMin: rate });
  }

  app.post('/create-invoice', ctx.admin, async (c) => {
    const b = await parseJsonBody(c, body);
    const provider = b.provider ?? 'stripe';
    if (provider === 'stripe' && !p.stripe) throw stripeNotConfigured();
    if (provider === 'paypal' && !p.paypal) throw paypalNotConfigured();
    if (b.idempotencyKey) {
      const prior = await p.invoices.byIdempotencyKey(b.idempotencyKey);
      if (prior) {
        if (prior.amountCents !== b.amount || prior.email !== b.email.toLowerCase() || prior.provider !== provider)
          throw conflict('idempotencyKey was used for a different invoice');
        return c.json({ ...invoiceView(prior), duplicate: true }, 200);
      }
    }
    const taskIds = [...new Set(b.taskIds ?? [])];
    const known = await p.invoices.existingTaskIds(taskIds);
    const missing = taskIds.findIndex((id) => !known.has(id));
    if (missing >= 0) throw fieldError('body', `taskIds[${missing}]`, 'no such task');
    const client = await resolveClient(b);
    const invoiceId = newInvoiceId();
    const workflowId = invoiceWorkflowId(invoiceId);
    let inv: InvoiceRow;
    try {
      inv = await p.invoices.insert({
        id: invoiceId,
        clientId: client.id,
        email: b.email.toLowerCase(),
        description: b.description,
        amountCents: b.amount,
        currency: p.config.payments.currency,
        provider,
        taskIds,
        idempotencyKey: b.idempotencyKey,
        workflowId,
        expiresAt: new Date(Date.now() + p.config.payments.invoiceExpirySeconds * 1000),
      });
    } catch (err) {
      if (b.idempotencyKey && isUniqueViolation(err))
        throw conflict('an invoice with this idempotencyKey is being created; retry shortly');
      throw err;
    }
    await p.invoices.markTasksUnpaid(taskIds);
    // Ids and amounts only: the email stays out of the log.
    await ctx.operatorAudit.record(c, {
      action: AUDIT_ACTIONS.invoiceCreate,
      target: invoiceId,
      details: { clientId: client.id, amountCents: b.amount, currency: inv.currency, tasks: taskIds.length },
    });

    // The workflow creates the Checkout Session or PayPal order; the update answers once it has the URL.
    const update = ctx.temporal.workflow.executeUpdateWithStart(invoiceCheckout, {
      startWorkflowOperation: new WithStartWorkflowOperation<typeof invoiceWorkflow>('invoiceWorkflow', {
        workflowId,
        taskQueue: ctx.config.temporal.taskQueue,
        args: [{ invoiceId }],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      }),
    });
    const checkout = await within(update, CHECKOUT_WAIT_MS).catch((err: unknown) => {
      throw paymentUpdateError(err);
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
    const payment = await p.ledger.byInvoice(inv.id);
    const refunds = payment ? await p.ledger.refundsOf(payment.id) : [];
    return c.json({
      ...invoiceView(inv),
      payment: payment && {
        paymentId: payment.id,
        provider: payment.provider,
        amountCents: payment.amountCents,
        refundedCents: payment.refundedCents,
        paidAt: payment.paidAt.toISOString(),
      },
      refunds: refunds.map((r) => ({
        refundId: r.id,
        amountCents: r.amountCents,
        status: r.status,
        source: r.source,
        reason: r.reason,
        createdAt: r.createdAt.toISOString(),
      })),
    });
  });
  onlyMethods(app, '/invoices/:invoiceId', ['GET']);

  return app;
}
