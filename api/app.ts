import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import type { ApiApp, AppEnv } from './app-env';
import type { AppDeps, RouteContext } from './app-deps';
import { ApiError, errorBody } from './errors';
import { clientIpResolver } from './middleware/client-ip';
import { banAlerter } from './ban-alert';
import { dashAuth } from './middleware/dash-auth';
import { createDashboardSessions } from './dashboard/dashboard-session';
import { sessionAuth } from './dashboard/session-auth';
import { dashboardRoutes } from './routes/dashboard-routes';
import { forwardedForSignal } from './middleware/forwarded-for-signal';
import { createErrorHandler } from './middleware/error-handler';
import { requestLog } from './middleware/request-log';
import { createOperatorAudit } from './operator-audit';
import { statusMetrics } from './middleware/status-metrics';
import { traceRequest } from './middleware/trace-request';
import { alertRoutes } from './routes/alert-routes';
import { auditRoutes } from './routes/audit-routes';
import { clientRoutes } from './routes/client-routes';
import { codecRoutes } from './routes/codec-routes';
import { complianceRoutes } from './routes/compliance-routes';
import { dsrAdminRoutes } from './routes/dsr-admin-routes';
import { deliveryPages, deliveryRoutes } from './routes/delivery-routes';
import { unsubscribeRoutes } from './routes/unsubscribe-routes';
import { docsRoutes } from './routes/docs-routes';
import { telegramWebhookRoutes } from './routes/telegram-webhook-routes';
import { execBriefRoutes, metricsSummaryRoutes } from './routes/report-routes';
import { financeRoutes } from './routes/finance-routes';
import { healthRoutes } from './routes/health-routes';
import { invoiceListRoutes } from './routes/invoice-list-routes';
import { invoiceRoutes } from './routes/invoice-routes';
import { legacyPaths } from './routes/legacy-paths';
import { llmRoutes } from './routes/llm-routes';
import { notionWebhookRoutes } from './routes/notion-webhook-routes';
import { opsRoutes } from './routes/ops-routes';
import { paymentWebhookRoutes } from './routes/payment-webhook-routes';
import { rateGuardRoutes } from './routes/rate-guard-routes';
import { regionRoutes } from './routes/region-routes';
import { maintenanceRoutes } from './routes/maintenance-routes';
import { scheduleRoutes } from './routes/schedule-routes';
import { schedulerRoutes } from './routes/scheduler-routes';
import { systemHealthRoutes } from './routes/system-health-routes';
import { taskRoutes } from './routes/task-routes';
import { taskReplayRoutes } from './routes/task-replay-routes';
import { pricingRoutes } from './routes/pricing-routes';
import { brainRoutes } from './routes/brain-routes';
import { growthRoutes, referralPages } from './routes/growth-routes';

const MAX_BODY_BYTES = 1024 * 1024;

/** The HTTP API: a thin layer that starts, signals and queries workflows and reads the database. */
export function createApp(deps: AppDeps): ApiApp {
  const key = deps.config.auth.dashboardKey;
  if (!key) throw new Error('createApp needs config.auth.dashboardKey (see ensureDashboardKey)');
  const clientIp = deps.clientIp ?? clientIpResolver(deps.config.http);
  const onBan = banAlerter(deps.ops.alerts, deps.logger);
  const { sessionSecret, dashboardSessionMs } = deps.config.auth;
  const sessions = createDashboardSessions({
    sessionSecret,
    dashboardKey: key,
    ttlMs: dashboardSessionMs,
    revocations: deps.sessionRevocations,
  });
  const ctx: RouteContext = {
    ...deps,
    admin: dashAuth({ key, rateGuard: deps.rateGuard, clientIp, onBan, session: sessionAuth(sessions) }),
    clientIpOf: clientIp,
    operatorAudit: createOperatorAudit(deps.payments.audit, key),
  };

  const app = new Hono<AppEnv>();
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

  // One module per prefix; module paths are relative to it. Public first, then admin (/api), then legacy.
  app.route('/health', healthRoutes(ctx));
  app.route('/', docsRoutes(ctx)); // /openapi.json, /docs
  app.route('/webhook', paymentWebhookRoutes(ctx)); // /webhook/stripe, /webhook/paypal
  app.route('/webhook', notionWebhookRoutes(ctx)); // /webhook/notion
  app.route('/webhook', telegramWebhookRoutes(ctx)); // /webhook/telegram (bot commands)
  app.route('/api', systemHealthRoutes(ctx)); // /api/system-health, /api/self-test
  app.route('/api', opsRoutes(ctx)); // /api/self-heal, /api/ops-reports, /api/live-ops
  app.route('/api/alerts', alertRoutes(ctx));
  app.route('/api/tasks', taskRoutes(ctx));
  app.route('/api/tasks', taskReplayRoutes(ctx)); // /api/tasks/:taskId/replay
  app.route('/api/clients', clientRoutes(ctx));
  app.route('/api/llm', llmRoutes(ctx)); // /api/llm/capacity
  app.route('/api/payments', invoiceRoutes(ctx));
  app.route('/api/invoices', invoiceListRoutes(ctx));
  app.route('/api/finance-metrics', financeRoutes(ctx));
  app.route('/api/metrics-summary', metricsSummaryRoutes(ctx));
  app.route('/api/exec', execBriefRoutes(ctx)); // /api/exec/brief
  app.route('/api/schedules', scheduleRoutes(ctx));
  app.route('/api/scheduler', schedulerRoutes(ctx));
  app.route('/api/rate-guard', rateGuardRoutes(ctx));
  app.route('/api/audit', auditRoutes(ctx));
  app.route('/api/regions', regionRoutes(ctx)); // /api/regions/sync, /api/regions/status
  app.route('/api/maintenance', maintenanceRoutes(ctx)); // /api/maintenance/run
  app.route('/api/dsr', dsrAdminRoutes(ctx)); // list, one ticket, approve/reject/extend
  app.route('/api/compliance', complianceRoutes(ctx)); // export-data
  app.route('/api/customer', deliveryRoutes(ctx)); // signed-url, revoke-links
  app.route('/api/customer', unsubscribeRoutes(ctx)); // unsubscribe (public), one-click, unsubscribes
  app.route('/delivery', deliveryPages(ctx)); // the client's signed page and downloads
  app.route('/api/pricing', pricingRoutes(ctx)); // optimize, recommendations, apply
  app.route('/api/brain', brainRoutes(ctx)); // decide, recommendations
  app.route('/api/growth', growthRoutes(ctx)); // referral/new, referrals
  app.route('/referral', referralPages(ctx)); // the signed share link (public)
  app.route('/dashboard', dashboardRoutes(ctx, { sessions, onBan })); // operator page (session cookie + CSRF)
  app.route('/codec', codecRoutes(ctx)); // Temporal codec server (Web UI, temporal CLI)
  app.route('/', legacyPaths(ctx)); // /refund, /jobs/replay, /ops-report, /p95, /payments/*

  app.notFound((c) => c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}`), 404));
  app.onError(createErrorHandler(deps.logger));
  return app;
}
