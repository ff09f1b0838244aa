import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { TaskStatus } from '../task';

export type TaskPhase =
  'loading' | 'budget_hold' | 'preflight' | 'transcribing' | 'generating' | 'qa' | 'publishing' | 'finished';

/** What `taskProgress` answers while a task runs (and after it ends, until retention). */
export interface TaskProgress {
  taskId: string;
  run: number;
  status: TaskStatus;
  phase: TaskPhase;
  attempt: number;
  maxAttempts: number;
  bestScore: number | null;
  costMicroUsd: number;
  attempts: { n: number; qaScore: number | null; feedback: string }[];
  failure?: { type: string; reason: string };
  notionError?: string;
}

export const taskProgressQuery = defineQuery<TaskProgress>('taskProgress');

/** Asks a running Notion intake to poll once more after the current pass (webhook deliveries). */
export const notionIntakeRequested = defineSignal('notionIntakeRequested');

/**
 * Wakes a task waiting in `budget_hold`. `override: false` (sent when the operator changes the client's cap):
 * check the budget again and stay held if it is still spent. `override: true` (POST
 * /api/tasks/:taskId/release-budget-hold): run to the end of this run whatever the budget says.
 */
export interface BudgetRelease {
  override: boolean;
}
export const releaseBudgetHold = defineSignal<[BudgetRelease]>('releaseBudgetHold');
