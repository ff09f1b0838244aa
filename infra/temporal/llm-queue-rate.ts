import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

export interface LlmQueueRateDeps {
  client: Client;
  namespace: string;
  /** Model → its LLM task queue (domain/llm-task-queues.ts); a model without one has no Temporal rate to set. */
  queues: Record<string, string>;
}

/**
 * Sets an LLM task queue's dispatch rate on the Temporal server (UpdateTaskQueueConfig). The workers start
 * the queue at the configured limit (maxTaskQueueActivitiesPerSecond); a limit the provider states in its
 * headers can only be known later, by whichever worker reads it. A rate set through the API overrides the
 * workers' for every poller of the queue, in every process, and survives worker restarts, so one write by
 * the worker that learned the limit holds them all to it.
 */
export function createLlmQueueRate(deps: LlmQueueRateDeps) {
  return {
    /** `perSecond`: the new rate; undefined removes the API's rate, so the workers' configured one applies again. */
    async apply(model: string, perSecond: number | undefined): Promise<boolean> {
      const queue = deps.queues[model];
      if (!queue) return false;
      await deps.client.workflowService.updateTaskQueueConfig({
        namespace: deps.namespace,
        identity: 'echopilot-llm-pacer',
        taskQueue: queue,
        taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
        updateQueueRateLimit: {
          ...(perSecond !== undefined ? { rateLimit: { requestsPerSecond: perSecond } } : {}),
          reason: `limit stated by the provider for ${model}`,
        },
      });
      return true;
    },
  };
}
export type LlmQueueRate = ReturnType<typeof createLlmQueueRate>;
