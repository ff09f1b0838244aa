import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { CLIENT_SYNC_WEBHOOK_ID, clientSyncRequested } from '../domain/contracts/client-sync';
import type { RouteContext } from './app-deps';

/** Starts the Notion Client database sync now, or asks the running one for one more pass. */
export async function requestClientSync(ctx: RouteContext): Promise<string> {
  await ctx.temporal.workflow.signalWithStart('notionClientSync', {
    workflowId: CLIENT_SYNC_WEBHOOK_ID,
    taskQueue: ctx.config.temporal.taskQueue,
    args: [{ source: 'webhook' }],
    signal: clientSyncRequested,
    signalArgs: [],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
  return CLIENT_SYNC_WEBHOOK_ID;
}
