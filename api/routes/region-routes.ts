import { Hono } from 'hono';
import { z } from 'zod';
import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { AUDIT_ACTIONS } from '../../domain/audit-actions';
import { readReplicaStatus } from '../../infra/backup/replica-status';
import type { replicaSync } from '../../workflows/replica-sync';
import type { AppEnv } from '../app-env';
import type { RouteContext } from '../app-deps';
import { ApiError } from '../errors';
import { onlyMethods } from '../method-guard';
import { parseJsonBody } from '../validation';
import { waitBriefly, waitSecondsSchema } from '../workflow-wait';

export const regionSyncBody = z.object({ waitSeconds: waitSecondsSchema }).strict();

/** Mounted under `/api/regions`: replica snapshots (the original EchoPilot runbook's multi-region sync). */
export function regionRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const replica = () => {
    if (!ctx.replica) throw new ApiError(503, 'snapshots_off', 'this process has no snapshot service');
    return ctx.replica;
  };

  app.post('/sync', ctx.admin, async (c) => {
    const b = await parseJsonBody(c, regionSyncBody);
    const handle = await ctx.temporal.workflow.start<typeof replicaSync>('replicaSync', {
      taskQueue: ctx.config.temporal.taskQueue,
      workflowId: 'replica-sync-api',
      // A double click joins the snapshot in progress instead of writing a second one.
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      workflowExecutionTimeout: '1 hour',
      args: [],
    });
    await ctx.operatorAudit.record(c, { action: AUDIT_ACTIONS.replicaSync, target: handle.workflowId, details: {} });
    const outcome = await waitBriefly(handle, b.waitSeconds);
    if (outcome.status === 'running') return c.json({ workflowId: handle.workflowId, status: 'running' }, 202);
    if (outcome.status === 'failed')
      throw new ApiError(503, 'replica_sync_failed', outcome.error, { workflowId: handle.workflowId });
    return c.json({ workflowId: handle.workflowId, status: 'completed', ...outcome.result }, 200);
  });
  onlyMethods(app, '/sync', ['POST']);

  app.get('/status', ctx.admin, async (c) => {
    const status = await readReplicaStatus(replica(), new Date());
    const run = await ctx.ops.opsReports.latest('replica-sync');
    const lastRun = run ? { status: run.status, summary: run.summary, at: run.createdAt.toISOString() } : null;
    return c.json({ ...status, lastRun });
  });
  onlyMethods(app, '/status', ['GET']);

  return app;
}
