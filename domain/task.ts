/** Task lifecycle (DESIGN.md §3 contract). */
export const TASK_STATUSES = ['queued', 'running', 'done', 'low_qa', 'failed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TERMINAL_STATUSES: readonly TaskStatus[] = ['done', 'low_qa', 'failed', 'cancelled'];

export const TASK_SOURCES = ['api', 'notion', 'replay'] as const;
export type TaskSource = (typeof TASK_SOURCES)[number];

/** Workflow id from the business key: a repeated poll, webhook or click finds the same run. */
export const taskWorkflowId = (taskId: string) => `task-${taskId}`;

/** Input of the `processTask` workflow. The task row is written to the ledger before the run starts. */
export interface ProcessTaskInput {
  taskId: string;
  /** 0 for the first run; self-heal and job replay start run = the job's new replayCount. */
  run: number;
}

/**
 * Why a task failed (the ApplicationFailure type and jobs.failure_type). Self-heal re-runs only the
 * transient ones; the others would fail the same way again.
 */
export const FAILURE_TYPES = [
  'invalid_task', // failed validation
  'llm_not_configured',
  'llm_rejected', // 400/401/403/content policy: the provider said no
  'llm_unavailable', // 429/5xx until retries ran out
  'media_too_large',
  'media_too_long',
  'media_unreadable',
  'notion_error',
  'timeout',
  'internal',
] as const;
export type FailureType = (typeof FAILURE_TYPES)[number];
export const TRANSIENT_FAILURE_TYPES: readonly FailureType[] = ['llm_unavailable', 'notion_error', 'timeout', 'internal'];
