import { PACE_FACTOR, configuredLimits, type ModelLimits, type RateLimits } from './llm-limits';

/** One model's LLM task queue and the dispatch rate Temporal holds it to (undefined: no limit configured). */
export interface LlmTaskQueue {
  model: string;
  queue: string;
  perSecond?: number;
}

/** Temporal's dispatch rate for a requests/min limit: per second, at the pacer's share (PACE_FACTOR). */
export const queueRatePerSecond = (rpm: number) => (rpm * PACE_FACTOR) / 60;

/** The task queue a model's LLM calls are scheduled on: the platform's queue, `-llm-`, the model. */
export const llmTaskQueueName = (taskQueue: string, model: string) => `${taskQueue}-llm-${model}`;

/**
 * One LLM task queue per model the pipeline calls. Its workers set `maxTaskQueueActivitiesPerSecond` to the
 * model's configured requests/min ÷ 60 at the pacer's share (PACE_FACTOR): the Temporal server then
 * dispatches no more than that per second to all pollers together, however many worker processes poll.
 */
export function llmTaskQueues(
  taskQueue: string,
  models: string[],
  limits: RateLimits,
  defaults: ModelLimits,
): LlmTaskQueue[] {
  return [...new Set(models)].map((model) => {
    const rpm = configuredLimits(limits, defaults, model).rpm;
    return {
      model,
      queue: llmTaskQueueName(taskQueue, model),
      ...(rpm !== undefined ? { perSecond: queueRatePerSecond(rpm) } : {}),
    };
  });
}

/** Model → queue, as the pipeline's settings carry it to the workflow. */
export const llmQueueMap = (queues: LlmTaskQueue[]): Record<string, string> =>
  Object.fromEntries(queues.map((q) => [q.model, q.queue]));
