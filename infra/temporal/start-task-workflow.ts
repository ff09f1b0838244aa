import {
  InternalConnectionLikeSymbol,
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  type Client,
  type InternalConnectionLike,
} from '@temporalio/client';
import { CLIENT_ID, TASK_STATUS } from '../../domain/search-attributes';
import { taskWorkflowId, type ProcessTaskInput } from '../../domain/task';
import { taskFairnessPriority, type TaskFairness } from './task-fairness';

/**
 * Eager start hands the first workflow task back in the start response when a worker in this process
 * shares the client's NativeConnection (all-in-one `echopilot start`), saving the matching round trip.
 * The SDK refuses the flag on a plain gRPC connection (split `echopilot api`), so it is only asked there.
 */
const eagerCapable = (client: Client) =>
  (client.connection as InternalConnectionLike)[InternalConnectionLikeSymbol]?.supportsEagerStart === true;

/**
 * Starts `processTask` under the business-key id `task-<taskId>`. A second start for the same task
 * and run (repeated poll, webhook, click) finds the existing execution and starts nothing.
 */
export async function startTaskWorkflow(
  client: Client,
  taskQueue: string,
  input: ProcessTaskInput & { clientId?: string | null; memo?: Record<string, unknown>; priority?: number },
  fairness?: TaskFairness,
): Promise<{ workflowId: string; started: true; runId: string } | { workflowId: string; started: false }> {
  const workflowId = taskWorkflowId(input.taskId);
  const fair = await taskFairnessPriority(fairness, input.clientId);
  const priority = { ...(input.priority !== undefined ? { priorityKey: input.priority } : {}), ...fair };
  try {
    const handle = await client.workflow.start('processTask', {
      workflowId,
      taskQueue,
      requestEagerStart: eagerCapable(client),
      args: [{ taskId: input.taskId, run: input.run } satisfies ProcessTaskInput],
      // Run 0 is started once, ever; replays (run > 0) may follow a finished run.
      workflowIdReusePolicy:
        input.run === 0 ? WorkflowIdReusePolicy.REJECT_DUPLICATE : WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      // `running` from the start, as Temporal sees the execution (open); the ledger still tells a task
      // waiting for a worker (`queued`) from one being worked on. Saves an upsert per task.
      typedSearchAttributes: [
        { key: TASK_STATUS, value: 'running' },
        ...(input.clientId ? [{ key: CLIENT_ID, value: input.clientId }] : []),
      ],
      ...(input.memo ? { memo: input.memo } : {}),
      // The task's priority, and its client as the fairness key; its activities inherit both (Temporal
      // serves lower keys first, then each client's tasks in turn by weight). A server without fairness ignores the key.
      ...(Object.keys(priority).length > 0 ? { priority } : {}),
    });
    return { workflowId, started: true, runId: handle.firstExecutionRunId };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
    throw err;
  }
}
