import { patched, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { TaskSettings } from '../domain/contracts/task-pipeline';
import { legacyLlmActivityOptions, llmActivityOptions } from './task-activity-options';

// Runs recorded before the retry deadline keep their six-attempt policy on replay.
export const llmActivities = (s: TaskSettings, queues: Record<string, string>, model: string) => {
  const options = patched('llm-retry-deadline') ? llmActivityOptions(s) : legacyLlmActivityOptions(s);
  const taskQueue = queues[model];
  return proxyActivities<Activities>(taskQueue ? { ...options, taskQueue } : options);
};
/**
 * The model → LLM task queue map the settings carry, where the loading worker polls those queues
 * (Temporal paces them: README "LLM capacity"). Runs recorded before `llm-task-queue` keep every LLM
 * call on the task's own queue on replay.
 */
export const llmQueuesOf = (s: TaskSettings): Record<string, string> =>
  s.llmTaskQueues && patched('llm-task-queue') ? s.llmTaskQueues : {};
