import { Hono } from 'hono';
import { z } from 'zod';
import { METRICS_PERIODS } from '../../domain/report-facts';
import type { AppEnv } from '../app-env';
import type { RouteContext } from '../app-deps';
import { notFound } from '../errors';
import { onlyMethods } from '../method-guard';
import { answerReport, generateReport } from '../report-run';
import { validate } from '../validation';

export const formatQuery = z.object({ format: z.enum(['json', 'pdf']).default('json') }).strict();
export const metricsSummaryQuery = z
  .object({ period: z.enum(Object.keys(METRICS_PERIODS) as [keyof typeof METRICS_PERIODS]).default('24h') })
  .strict();
const WAIT_SECONDS = 50;

/**
 * Reports on demand (mounted by app.ts and legacy-paths.ts): the CEO brief now, the latest executive
 * report (generated when there is none yet), and the facts summary the daily report uses.
 */
export function execBriefRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/brief', ctx.admin, async (c) => {
    const { format } = validate(formatQuery, c.req.query(), 'query');
    const run = await generateReport(ctx, 'ceo-brief', WAIT_SECONDS);
    if (!('reportId' in run)) return c.json(run, 202);
    const stored = await ctx.ops.opsReports.byId(run.reportId);
    if (!stored) throw notFound('report');
    return answerReport(c, stored, format);
  });
  onlyMethods(app, '/brief', ['POST']);
  return app;
}

/** `GET /exec-report` (root path of the original system). */
export function execReportRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', ctx.admin, async (c) => {
    const { format } = validate(formatQuery, c.req.query(), 'query');
    let stored = await ctx.ops.opsReports.latest('executive-report');
    if (!stored) {
      const run = await generateReport(ctx, 'executive-report', WAIT_SECONDS);
      if (!('reportId' in run)) return c.json(run, 202);
      stored = await ctx.ops.opsReports.byId(run.reportId);
      if (!stored) throw notFound('report');
    }
    return answerReport(c, stored, format);
  });
  onlyMethods(app, '/', ['GET']);
  return app;
}

/** `GET /api/metrics-summary?period=24h|7d|30d`: the report facts of the period ending now. */
export function metricsSummaryRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', ctx.admin, async (c) => {
    const { period } = validate(metricsSummaryQuery, c.req.query(), 'query');
    const until = new Date();
    const since = new Date(until.getTime() - METRICS_PERIODS[period] * 3_600_000);
    return c.json({ period, ...(await ctx.ops.reportFacts.facts(since, until, ctx.config.payments.currency)) });
  });
  onlyMethods(app, '/', ['GET']);
  return app;
}
