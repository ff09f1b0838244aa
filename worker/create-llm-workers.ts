import type { DataConverter } from '@temporalio/common';
import { type NativeConnection, Worker } from '@temporalio/worker';
import type { Activities } from '../activities';
import type { LlmTaskQueue } from '../domain/llm-task-queues';
import { sharedWorkerOptions } from './create-worker';
import type { Tracing } from '../infra/tracing/tracing';

/** The activities scheduled on the LLM task queues (workflows/process-task.ts). */
export type LlmActivities = Pick<Activities, 'generateAnswer' | 'evaluateAnswer'>;

export interface CreateLlmWorkersOptions {
  connection: NativeConnection;
  namespace: string;
  queues: LlmTaskQueue[];
  activities: LlmActivities;
  buildId: string;
  tracing?: Tracing;
  dataConverter?: DataConverter;
}

/**
 * One activity-only worker per model's LLM task queue. `maxTaskQueueActivitiesPerSecond` is enforced by
 * the Temporal server for the queue as a whole (every poller of it, in every process), so several
 * `echopilot worker` processes together are dispatched no more than the model's limit: the first layer of
 * pacing. The LLM gate in the activity (activities/llm-pacing.ts) stays as the second: it counts tokens,
 * follows the limits learned from the provider's headers and waits out 429s.
 */
export async function createLlmWorkers(opts: CreateLlmWorkersOptions): Promise<Worker[]> {
  return Promise.all(opts.queues.map((q) => createLlmWorker(opts, q)));
}

/** The worker of one model's queue (also what replaces it after it failed). */
export function createLlmWorker(opts: CreateLlmWorkersOptions, q: LlmTaskQueue): Promise<Worker> {
  const activities = { generateAnswer: opts.activities.generateAnswer, evaluateAnswer: opts.activities.evaluateAnswer };
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: q.queue,
    activities,
    ...(q.perSecond !== undefined ? { maxTaskQueueActivitiesPerSecond: q.perSecond } : {}),
    ...sharedWorkerOptions(opts),
  });
}
