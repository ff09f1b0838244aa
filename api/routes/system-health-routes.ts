import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { overallStatus } from '../../domain/health';
import type { healthProbe } from '../../workflows/health-probe';
import type { AppEnv } from '../app-env';
import type { RouteContext } from '../app-deps';
import { onlyMethods } from '../method-guard';
import { parseJsonBody } from '../validation';
import { waitBriefly, waitSecondsSchema } from '../workflow-wait';

export const selfTestBody = z.object({ waitSeconds: waitSecondsSchema }).strict();

/** `/api/system-health` and `/api/self-test`, mounted under `/api`: the admin's view of the stack's health. */
export function systemHealthRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // The original EchoPilot runbook's 5-point check, live, plus the last stored probe run.
  app.get('/system-health', ctx.admin, async (c) => {
    const checks = await ctx.healthChecks.all();
    const last = await ctx.healthReports.latest();
    return c.json({
      status: overallStatus(checks),
      checkedAt: new Date().toISOString(),
      checks,
      lastProbe: last && {
        id: last.id,
        source: last.source,
        status: last.status,
        checks: last.checks,
        workflowId: last.workflowId,
        buildId: last.buildId,
        createdAt: last.createdAt.toISOString(),
      },
    });
  });
  onlyMethods(app, '/system-health', ['GET']);

  // Runs the healthProbe workflow through the whole stack and waits briefly for its result.
  app.post('/self-test', ctx.admin, async (c) => {
    const { waitSeconds } = await parseJsonBody(c, selfTestBody);
    // Server-side id: X-Request-Id is the client's to choose, so it only labels log lines.
    const workflowId = `self-test-${randomUUID()}`;
    const handle = await ctx.temporal.workflow.start<typeof healthProbe>('healthProbe', {
      workflowId,
      taskQueue: ctx.config.temporal.taskQueue,
      args: [{ source: 'self-test' }],
      workflowExecutionTimeout: '2 minutes',
    });
    const outcome = await waitBriefly<typeof healthProbe>(handle, waitSeconds);
    if (outcome.status === 'running') return c.json({ workflowId, status: 'running' }, 202);
    if (outcome.status === 'failed') return c.json({ workflowId, status: 'failed', error: outcome.error }, 200);
    // Keyed `report` (not `result` as in the ops routes): clients read report.reportId.
    return c.json({ workflowId, status: 'completed', report: outcome.result }, 200);
  });
  onlyMethods(app, '/self-test', ['POST']);

  return app;
}
