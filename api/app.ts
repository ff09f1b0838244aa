import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import type { AppDeps, RouteContext } from './app-deps';
import { ApiError, errorBody } from './errors';
import { clientIpResolver } from './middleware/client-ip';
import { createOperatorAudit } from './operator-audit';
import { banAlerter } from './ban-alert';
import { dashAuth } from './middleware/dash-auth';
import { forwardedForSignal } from './middleware/forwarded-for-signal';
import { createErrorHandler } from './middleware/error-handler';
import { requestLog } from './middleware/request-log';
import { statusMetrics } from './middleware/status-metrics';
import { traceRequest } from './middleware/trace-request';
import { healthRoutes } from './routes/health-routes';
import { auditRoutes } from './routes/audit-routes';
import { checkoutPages } from './routes/checkout-pages';
import { clientRoutes } from './routes/client-routes';
import { docsRoutes } from './routes/docs-routes';
import { financeRoutes } from './routes/finance-routes';
import { invoiceRoutes } from './routes/invoice-routes';
import { paymentOpsRoutes } from './routes/payment-ops-routes';
import { paymentWebhookRoutes } from './routes/payment-webhook-routes';
import { refundRoutes } from './routes/refund-routes';
import { opsRoutes } from './routes/ops-routes';
import { scheduleRoutes } from './routes/schedule-routes';
import { notionWebhookRoutes } from './routes/notion-webhook-routes';
import { rateGuardRoutes } from './routes/rate-guard-routes';
import { taskRoutes } from './routes/task-routes';

const MAX_BODY_BYTES = 1024 * 1024;

/** The HTTP API: a thin layer that starts, signals and queries workflows and reads the database. */
export function createApp(deps: AppDeps): Hono {
  const key = deps.config.auth.dashboardKey;
  if (!key) throw new Error('createApp needs config.auth.dashboardKey (see ensureDashboardKey)');
  const clientIp = deps.clientIp ?? clientIpResolver(deps.config.http);
  const onBan = banAlerter(deps.ops.alerts, deps.logger);
  const ctx: RouteContext = {
    ...deps,
    admin: dashAuth({ key, rateGuard: deps.rateGuard, clientIp, onBan }),
    operatorAudit: createOperatorAudit(deps.payments.audit, key),
  };

  const app = new Hono();
  if (deps.tracer) app.use(traceRequest(deps.tracer));
  app.use(requestId());
  app.use(requestLog(deps.logger));
  if (!deps.config.http.trustProxy) app.use(forwardedForSignal({ store: deps.securitySignals, logger: deps.logger }));
  app.use(statusMetrics(deps.metrics));
  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ApiError(413, 'payload_too_large', `Request body exceeds ${MAX_BODY_BYTES} bytes`);
      },
    }),
  );

  app.route('/', healthRoutes(ctx));
  app.route('/', invoiceRoutes(ctx));
  app.route('/', checkoutPages(ctx));
  app.route('/', paymentWebhookRoutes(ctx));
  app.route('/', refundRoutes(ctx));
  app.route('/', paymentOpsRoutes(ctx));
  app.route('/', financeRoutes(ctx));
  app.route('/', scheduleRoutes(ctx));
  app.route('/', opsRoutes(ctx));
  app.route('/', taskRoutes(ctx));
  app.route('/', notionWebhookRoutes(ctx));
  app.route('/', rateGuardRoutes(ctx));
  app.route('/', clientRoutes(ctx));
  app.route('/', auditRoutes(ctx));
  app.route('/', docsRoutes(ctx));

  app.notFound((c) => c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}`), 404));
  app.onError(createErrorHandler(deps.logger));
  return app;
}
