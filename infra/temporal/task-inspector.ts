import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { RunningTaskFacts } from '../../domain/operator';
import { taskIdOfWorkflow } from '../../domain/task';

/** Visibility query for the running task runs on one task queue (quotes escaped). */
export function runningTasksQuery(taskQueue: string): string {
  const q = taskQueue.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
  return `WorkflowType = 'processTask' AND ExecutionStatus = 'Running' AND TaskQueue = '${q}'`;
}

/**
 * What Temporal knows about running tasks: how long each has run and, from describe(), its pending
 * activities with their attempt counts and last failure, and a failing workflow task if any.
 */
export async function inspectRunningTasks(
  client: Client,
  taskQueue: string,
  now: Date,
  limit = 200,
): Promise<RunningTaskFacts[]> {
  const out: RunningTaskFacts[] = [];
  for await (const wf of client.workflow.list({ query: runningTasksQuery(taskQueue), pageSize: 100 })) {
    if (out.length >= limit) break;
    try {
      const d = await client.workflow.getHandle(wf.workflowId, wf.runId).describe();
      if (d.status.name !== 'RUNNING') continue; // closed since the list
      out.push({
        workflowId: d.workflowId,
        runId: d.runId,
        taskId: taskIdOfWorkflow(d.workflowId),
        startedAt: d.startTime.toISOString(),
        runningSeconds: Math.max(0, Math.round((now.getTime() - d.startTime.getTime()) / 1000)),
        pendingActivities: (d.raw.pendingActivities ?? []).map((a) => ({
          activityType: a.activityType?.name ?? 'unknown',
          attempt: a.attempt ?? 1,
          ...(a.lastFailure?.message ? { lastFailure: a.lastFailure.message.slice(0, 300) } : {}),
        })),
        workflowTaskAttempt: d.raw.pendingWorkflowTask?.attempt ?? 0,
      });
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  return out;
}

/** True when a run of this workflow id is in flight. */
export async function isRunning(client: Client, workflowId: string): Promise<boolean> {
  try {
    return (await client.workflow.getHandle(workflowId).describe()).status.name === 'RUNNING';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}
