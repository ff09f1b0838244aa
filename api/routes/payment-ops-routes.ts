import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { WorkflowFailedError } from '@temporalio/client';
import type { paymentReconciliation } from '../../workflows/payment-reconciliation';
import type { AppEnv } from '../app-env';
import type { RouteContext } from '../app-deps';
import { ApiError } from '../errors';
import { onlyMethods } from '../method-guard';
import { stripeNotConfigured } from '../payment-errors';
import { reconciledProviders } from '../../infra/payments/reconciled-providers';

/** Which kind of key is configured, by its prefix only: never the key, never a part of it. */
function keyKind(key?: string): string {
  if (!key) return 'none';
  const m = /^(sk|rk)_(test|live)_/.exec(key);
  return m ? `${m[1] === 'sk' ? 'secret' : 'restricted'}-${m[2]}` : 'unrecognised';
}

export function paymentOpsRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const p = ctx.payments;

  // Mode, configured webhooks, last reconciliation: what an operator checks first. No secrets.
  app.get('/debug', ctx.admin, async (c) => {
    const [last, events] = await Promise.all([p.reconciliation.latestRun(), p.processed.stats()]);
    return c.json({
      mode: ctx.config.stripe.mode,
      stripe: {
        configured: !!p.stripe,
        keyKind: keyKind(ctx.config.stripe.secretKey),
        apiBaseUrl: ctx.config.stripe.baseUrl ?? 'https://api.stripe.com',
      },
      webhooks: {
        stripe: { path: '/webhook/stripe', configured: !!ctx.config.stripe.webhookSecret },
        paypal: { path: '/webhook/paypal', configured: !!p.paypal, apiBaseUrl: ctx.config.paypal.baseUrl },
      },
      currency: p.config.payments.currency,
      maxAmountCents: p.config.payments.maxAmountCents,
      invoiceExpirySeconds: p.config.payments.invoiceExpirySeconds,
      email: { configured: p.mailer.configured },
      processedEvents: { total: events.total, lastProcessedAt: events.lastProcessedAt?.toISOString() ?? null },
      lastReconciliation: !last
        ? null
        : {
            runId: last.id,
            source: last.source,
            scanned: last.scanned,
            caught: last.caught,
            failed: last.failed,
            cursorTo: last.cursorTo.toISOString(),
            finishedAt: last.finishedAt.toISOString(),
          },
    });
  });
  onlyMethods(app, '/debug', ['GET']);

  // Runs the reconciliation now (the original EchoPilot runbook kept this a GET) and answers with what it caught.
  app.get('/scan', ctx.admin, async (c) => {
    const providers = reconciledProviders(ctx.config);
    if (providers.length === 0) throw stripeNotConfigured();
    // Server-side id: X-Request-Id is the client's to choose, so it only labels log lines.
    const workflowId = `payment-scan-${randomUUID()}`;
    try {
      const summary = await ctx.temporal.workflow.execute<typeof paymentReconciliation>('paymentReconciliation', {
        workflowId,
        taskQueue: ctx.config.temporal.taskQueue,
        args: [{ source: 'scan', providers }],
        workflowExecutionTimeout: '5 minutes',
      });
      return c.json({ workflowId, ...summary });
    } catch (err) {
      if (err instanceof WorkflowFailedError) {
        const cause = err.cause instanceof Error && err.cause.cause instanceof Error ? err.cause.cause : err.cause;
        throw new ApiError(502, 'reconciliation_failed', cause?.message ?? err.message);
      }
      throw err;
    }
  });
  onlyMethods(app, '/scan', ['GET']);

  return app;
}
