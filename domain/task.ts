/** Task lifecycle (README "HTTP API" contract). `budget_hold`: waiting because its client's monthly LLM budget is spent. */
export const TASK_STATUSES = ['queued', 'running', 'budget_hold', 'done', 'low_qa', 'failed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TERMINAL_STATUSES: readonly TaskStatus[] = ['done', 'low_qa', 'failed', 'cancelled'];

export const TASK_SOURCES = ['api', 'notion', 'replay'] as const;
export type TaskSource = (typeof TASK_SOURCES)[number];

/** Workflow id from the business key: a repeated poll, webhook or click finds the same run. */
const TASK_WORKFLOW_PREFIX = 'task-';
export const taskWorkflowId = (taskId: string) => `${TASK_WORKFLOW_PREFIX}${taskId}`;
/** The task id of a `processTask` workflow id (the inverse of taskWorkflowId); other ids as they are. */
export const taskIdOfWorkflow = (workflowId: string) =>
  workflowId.startsWith(TASK_WORKFLOW_PREFIX) ? workflowId.slice(TASK_WORKFLOW_PREFIX.length) : workflowId;

/** Input of the `processTask` workflow. The task row is written to the ledger before the run starts. */
export interface ProcessTaskInput {
  taskId: string;
  /** 0 for the first run; self-heal and job replay start run = the job's new replayCount. */
  run: number;
}

/**
 * Why a task failed (the ApplicationFailure type and jobs.failure_type, set by processTask through
 * workflows/failure.ts). Self-heal re-runs only the transient ones; the others would fail the
 * same way again.
 */
export const FAILURE_TYPES = [
  'invalid_task', // failed validation
  'llm_not_configured',
  'llm_rejected', // 400/401/403/content policy: the provider said no
  'llm_unavailable', // 429/5xx until retries ran out
  'media_too_large',
  'media_too_long',
  'media_unavailable', // download failed for a passing reason (network, 5xx, 429) until retries ran out
  'media_unreadable', // not a readable media file, or the host refused it (4xx)
  'notion_error', // Notion calls; a task's status never depends on them (publish is best effort)
  'timeout',
  'internal',
] as const;
export type FailureType = (typeof FAILURE_TYPES)[number];
/**
 * The failures processTask records that a later run may not repeat: provider or media host down,
 * a step timing out, an unexpected error. `notion_error` is not among them because no task fails
 * with it (publish writes the ledger first and a Notion outage never changes the task's status).
 */
export const TRANSIENT_FAILURE_TYPES: readonly FailureType[] = [
  'llm_unavailable',
  'media_unavailable',
  'timeout',
  'internal',
];

/**
 * Failures no retry within the run can fix (the workflow's retry policies stop at once). Disjoint
 * from the transient ones, which are retried in the run first and re-run by self-heal later.
 */
export const NON_RETRYABLE_FAILURE_TYPES: readonly FailureType[] = [
  'llm_rejected',
  'llm_not_configured',
  'invalid_task',
  'media_too_large',
  'media_too_long',
  'media_unreadable',
];
