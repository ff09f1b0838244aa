import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { z } from 'zod';
import type { RouteContext } from '../app-deps';
import { onlyMethods } from '../method-guard';
import { validate } from '../validation';

const DAY_MS = 86_400_000;

/** The report's period: `to` defaults to now, `from` to seven days before `to`. */
export const auditReportQuery = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((q) => !q.from || !q.to || new Date(q.from) < new Date(q.to), {
    message: 'from must be before to',
    path: ['from'],
  });

/** The SOC-lite audit report (`echopilot audit verify` reads the same). */
export function auditRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/report', ctx.admin, async (c) => {
    const q = validate(auditReportQuery, c.req.query(), 'query');
    const to = q.to ? new Date(q.to) : new Date();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 7 * DAY_MS);
    return c.json(await ctx.audit.report(from, to));
  });
  onlyMethods(app, '/report', ['GET']);

  return app;
}
