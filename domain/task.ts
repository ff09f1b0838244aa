/** Task lifecycle (DESIGN.md §3 contract). */
export const TASK_STATUSES = ['queued', 'running', 'done', 'low_qa', 'failed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TERMINAL_STATUSES: readonly TaskStatus[] = ['done', 'low_qa', 'failed', 'cancelled'];

export const TASK_SOURCES = ['api', 'notion', 'replay'] as const;
export type TaskSource = (typeof TASK_SOURCES)[number];

/** Workflow id from the business key: a repeated poll, webhook or click finds the same run. */
export const taskWorkflowId = (taskId: string) => `task-${taskId}`;
