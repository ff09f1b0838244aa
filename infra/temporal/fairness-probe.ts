import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';

export interface FairnessProbeResult {
  /** The server served a later key before the earlier key's backlog was drained. */
  fair: boolean;
  /** The keys of the polled tasks in order, e.g. "abaaab…". */
  order: string[];
}

const FLOOD = 40;
const LATE = 4;
const POLLS = 12;

/**
 * Whether the server honours Task Queue Fairness, which no API reports (it is dynamic config): on a
 * fresh queue nobody serves, FLOOD workflows start under key "a", then LATE under key "b", and POLLS
 * workflow tasks are taken. FIFO (no fairness) hands out "a" tasks first in every partition; fairness
 * serves "b" in turn. The probe workflows are terminated afterwards; they never run any code.
 */
export async function probeFairness(client: Client, timeoutMs = 10_000): Promise<FairnessProbeResult> {
  const taskQueue = `echopilot-fairness-probe-${randomUUID()}`;
  const ids: string[] = [];
  const start = async (key: string, i: number) => {
    const workflowId = `${taskQueue}-${key}${i}`;
    ids.push(workflowId);
    await client.workflow.start('echopilotFairnessProbe', {
      taskQueue,
      workflowId,
      workflowExecutionTimeout: '5 minutes',
      priority: { fairnessKey: key },
    });
  };
  const svc = client.connection.workflowService;
  try {
    for (let i = 0; i < FLOOD; i++) await start('a', i);
    for (let i = 0; i < LATE; i++) await start('b', i);
    const order: string[] = [];
    for (let i = 0; i < POLLS; i++) {
      const task = await client.connection.withDeadline(Date.now() + timeoutMs, () =>
        svc.pollWorkflowTaskQueue({
          namespace: client.options.namespace,
          taskQueue: { name: taskQueue },
          identity: 'echopilot-doctor',
        }),
      );
      const id = task.workflowExecution?.workflowId ?? '';
      order.push(id.slice(taskQueue.length + 1, taskQueue.length + 2) || '?');
    }
    return { fair: order.includes('b'), order };
  } finally {
    await Promise.allSettled(
      ids.map((id) => client.workflow.getHandle(id).terminate('echopilot doctor fairness probe done')),
    );
  }
}
