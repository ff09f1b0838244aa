import { Hono } from 'hono';
import { z } from 'zod';
import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { AUDIT_ACTIONS } from '../../domain/audit-actions';
import type { weeklyMaintenance } from '../../workflows/weekly-maintenance';
import type { AppEnv } from '../app-env';
import type { RouteContext } from '../app-deps';
import { ApiError } from '../errors';
import { onlyMethods } from '../method-guard';
import { parseJsonBody } from '../validation';
import { waitBriefly, waitSecondsSchema } from '../workflow-wait';

export const maintenanceRunBody = z.object({ waitSeconds: waitSecondsSchema }).strict();

/** Mounted under `/api/maintenance`: the weekly maintenance, run now. */
export function maintenanceRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/run', ctx.admin, async (c) => {
    const b = await parseJsonBody(c, maintenanceRunBody);
    const handle = await ctx.temporal.workflow.start<typeof weeklyMaintenance>('weeklyMaintenance', {
      taskQueue: ctx.config.temporal.taskQueue,
      workflowId: 'weekly-maintenance-api',
      // A double click joins the run in progress instead of backing up and pruning twice at once.
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      workflowExecutionTimeout: '1 hour',
      args: [],
    });
    await ctx.operatorAudit.record(c, { action: AUDIT_ACTIONS.maintenanceRun, target: handle.workflowId, details: {} });
    const outcome = await waitBriefly(handle, b.waitSeconds);
    if (outcome.status === 'running') return c.json({ workflowId: handle.workflowId, status: 'running' }, 202);
    if (outcome.status === 'failed')
      throw new ApiError(503, 'maintenance_failed', outcome.error, { workflowId: handle.workflowId });
    return c.json({ workflowId: handle.workflowId, status: 'completed', ...outcome.result }, 200);
  });
  onlyMethods(app, '/run', ['POST']);

  return app;
}
