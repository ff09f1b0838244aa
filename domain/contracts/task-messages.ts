import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { TaskStatus } from '../task';

export type TaskPhase = 'loading' | 'preflight' | 'transcribing' | 'generating' | 'qa' | 'publishing' | 'finished';

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
