import { Hono } from 'hono';
import { z } from 'zod';
import { definedScheduleIds } from '../../schedules/definitions';
import { startScheduler, stopScheduler } from '../../schedules/manage-schedules';
import type { AppEnv } from '../app-env';
import { AUDIT_ACTIONS } from '../../domain/audit-actions';
import type { RouteContext } from '../app-deps';
import { onlyMethods } from '../method-guard';
import { parseJsonBody } from '../validation';

export const reasonBody = z.object({ reason: z.string().trim().min(1).max(200).optional() }).strict();

/**
 * `/api/scheduler/stop|start`: every defined schedule at once, the original EchoPilot runbook's dashboard
 * "Stop Scheduler" / "Start Scheduler" buttons.
 */
export function schedulerRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const client = ctx.temporal;
  app.post('/stop', ctx.admin, async (c) => {
    const { reason } = await parseJsonBody(c, reasonBody);
    const result = await stopScheduler(client, definedScheduleIds(ctx.config), reason ?? 'stopped via API');
    await ctx.operatorAudit.record(c, {
      action: AUDIT_ACTIONS.schedulerStop,
      target: 'scheduler',
      details: { reason: reason ?? null },
    });
    return c.json({ scheduler: 'stopped', ...result });
  });
  app.post('/start', ctx.admin, async (c) => {
    const { reason } = await parseJsonBody(c, reasonBody);
    const result = await startScheduler(client, definedScheduleIds(ctx.config), reason ?? 'started via API');
    await ctx.operatorAudit.record(c, {
      action: AUDIT_ACTIONS.schedulerStart,
      target: 'scheduler',
      details: { reason: reason ?? null },
    });
    return c.json({ scheduler: 'running', ...result });
  });
  for (const action of ['stop', 'start']) onlyMethods(app, `/${action}`, ['POST']);
  return app;
}
