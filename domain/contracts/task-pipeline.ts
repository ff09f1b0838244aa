import type { TaskSpec } from '../task-spec';
import type { FailureType, TaskStatus } from '../task';

// What the task workflow and its activities exchange; kept out of both so the API and tests share it too.

/** Pipeline settings, read once per run from configuration and kept in the workflow history. */
export interface TaskSettings {
  llmModel: string;
  qaModel: string;
  transcribeModel: string;
  qaThreshold: number;
  qaMaxAttempts: number;
  llmTimeoutMs: number;
  heartbeatTimeoutMs: number;
  /** Heartbeat timeout of media steps: over MEDIA_IDLE_TIMEOUT_SECONDS (absent in runs recorded before it). */
  mediaHeartbeatTimeoutMs?: number;
  /** LLM_RETRY_DEADLINE; absent in runs loaded before it existed (the workflow then uses the default). */
  llmRetryDeadlineMs?: number;
  /** Notion is configured: results, Job Log and Automation Log rows are written there too. */
  notionEnabled: boolean;
  /** Model → the LLM task queue its calls go to (paced by Temporal); absent: calls stay on the task's queue. */
  llmTaskQueues?: Record<string, string>;
}

export interface LoadedTask {
  task: TaskSpec;
  settings: TaskSettings;
}

export type FinishOutcome =
  | { status: 'done' | 'low_qa'; result: string; qaScore: number | null; model: string; attempts: number }
  | { status: 'failed'; failureType: FailureType; reason: string; attempts: number }
  | { status: 'cancelled'; attempts: number };

export interface FinishedTotals {
  status: TaskStatus;
  costMicroUsd: number;
  inputTokens: number;
  outputTokens: number;
}
