/** Task priorities: 1 is the most urgent, 5 the least; Temporal serves lower priority keys first. */
export const MIN_TASK_PRIORITY = 1;
export const MAX_TASK_PRIORITY = 5;
export const DEFAULT_TASK_PRIORITY = 3;
/** The platform's own routines (health, reconciliation, self-heal) go before any bulk task. */
export const ROUTINE_PRIORITY = 1;
