import type { Context } from 'hono';
import { WorkflowIdConflictPolicy, type Workflow } from '@temporalio/client';
import type { AuditAction } from '../domain/audit-actions';
import type { AppEnv } from './app-env';
import type { RouteContext } from './app-deps';
import { waitBriefly } from './workflow-wait';

/**
 * Starts (or joins) an ops workflow under a fixed id and waits briefly for it: 200 with the outcome,
 * 202 while it is still running. Shared by `POST /api/self-heal` and `POST /jobs/replay`.
 */
export async function runOps<W extends Workflow>(
  ctx: RouteContext,
  c: Context<AppEnv>,
  run: {
    workflowType: string;
    workflowId: string;
    input: Parameters<W>[0];
    waitSeconds: number;
    /** The operator action this run is, for the audit log. */
    action: AuditAction;
  },
) {
  const handle = await ctx.temporal.workflow.start(run.workflowType, {
    taskQueue: ctx.config.temporal.taskQueue,
    workflowId: run.workflowId,
    // A double click joins the run in progress instead of starting a second one.
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowExecutionTimeout: '10 minutes',
    args: [run.input], // typed by W at the call site
  });
  await ctx.operatorAudit.record(c, { action: run.action, target: run.workflowId, details: { input: run.input } });
  const outcome = await waitBriefly(handle, run.waitSeconds);
  return c.json({ workflowId: handle.workflowId, ...outcome }, outcome.status === 'running' ? 202 : 200);
}
