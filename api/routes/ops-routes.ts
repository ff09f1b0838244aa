import { Hono } from 'hono';
import { z } from 'zod';
import { OPS_REPORT_KINDS } from '../../domain/ops-report-kinds';
import type { selfHeal } from '../../workflows/self-heal';
import type { AppEnv } from '../app-env';
import type { RouteContext } from '../app-deps';
import { onlyMethods } from '../method-guard';
import { AUDIT_ACTIONS } from '../../domain/audit-actions';
import { runOps } from '../ops-run';
import { showReport } from '../ops-report-view';
import { parseJsonBody, validate } from '../validation';
import { waitSecondsSchema as waitSeconds } from '../workflow-wait';

export const selfHealBody = z
  .object({
    waitSeconds,
    lookbackHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 14)
      .optional(),
    limit: z.number().int().min(1).max(500).optional(),
  })
  .strict();
export const reportsQuery = z.object({
  kind: z.enum(OPS_REPORT_KINDS),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** Mounted under `/api`: self-heal now, the stored routine reports, live system stats. */
export function opsRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { ops } = ctx;

  app.post('/self-heal', ctx.admin, async (c) => {
    const b = await parseJsonBody(c, selfHealBody);
    const input = { lookbackHours: b.lookbackHours, limit: b.limit };
    return runOps<typeof selfHeal>(ctx, c, {
      workflowType: 'selfHeal',
      workflowId: 'self-heal-api',
      input,
      waitSeconds: b.waitSeconds,
      action: AUDIT_ACTIONS.selfHealRun,
    });
  });
  onlyMethods(app, '/self-heal', ['POST']);

  app.get('/ops-reports', ctx.admin, async (c) => {
    const q = validate(reportsQuery, c.req.query(), 'query');
    return c.json({ kind: q.kind, items: (await ops.opsReports.recent(q.kind, q.limit)).map(showReport) });
  });
  onlyMethods(app, '/ops-reports', ['GET']);

  app.get('/live-ops', ctx.admin, async (c) => {
    const [system, rateGuard] = await Promise.all([ops.liveOps(), ctx.rateGuard.stats()]);
    return c.json({ checkedAt: new Date().toISOString(), ...system, rateGuard });
  });
  onlyMethods(app, '/live-ops', ['GET']);

  return app;
}
