import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import type { RouteContext } from '../app-deps';
import { checkoutPages } from './checkout-pages';
import { dsrRoutes } from './dsr-routes';
import { jobReplayRoutes } from './job-replay-routes';
import { opsReportRoutes } from './ops-report-routes';
import { p95Routes } from './p95-routes';
import { paymentOpsRoutes } from './payment-ops-routes';
import { refundRoutes } from './refund-routes';

/**
 * The original EchoPilot system's root-level paths, all in one place. Its runbook, scripts and
 * Checkout redirects call them, so they keep their paths; each delegates to the module that owns it.
 * Everything new lives under `/api/…` (mounted in app.ts).
 *
 * Planned, not built yet (they answer 404 until their issue is done; never a stand-in):
 * - `GET /exec-report`: the latest executive report (reports and intelligence issue).
 */
export function legacyPaths(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.route('/refund', refundRoutes(ctx)); // POST
  app.route('/dsr', dsrRoutes(ctx)); // POST /dsr, /dsr/:ticketId/confirm, /dsr/exports/:exportId
  app.route('/jobs/replay', jobReplayRoutes(ctx)); // POST
  app.route('/ops-report', opsReportRoutes(ctx)); // GET
  app.route('/p95', p95Routes(ctx)); // GET
  app.route('/payments', paymentOpsRoutes(ctx)); // GET /payments/debug, GET /payments/scan
  app.route('/payments', checkoutPages(ctx)); // GET /payments/success, /payments/cancel, /payments/paypal/return (checkout redirects)
  return app;
}
