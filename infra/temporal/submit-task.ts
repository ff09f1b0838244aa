import type { Client } from '@temporalio/client';
import type { TaskRow, TaskLedger, NewTask } from '../db/repositories/task-ledger';
import { startTaskWorkflow } from './start-task-workflow';
import type { TaskFairness } from './task-fairness';

export interface SubmitTaskDeps {
  tasks: Pick<TaskLedger, 'create'>;
  temporal: Client;
  taskQueue: string;
  /** Where the client's plan and its fairness weight come from; unset: every client weighs 1. */
  fairness?: TaskFairness;
}

export interface Submitted {
  job: TaskRow;
  /** The ledger row was written by this call (not found under its id or idempotency key). */
  created: boolean;
  /** A run was started by this call. */
  started: boolean;
}

/**
 * The one way a task enters the platform, for the API and the Notion intake alike: the ledger row is
 * written (or found), then `processTask` is started only for a task still waiting for its first run.
 * A repeated request finds a started, finished or replayed task as it is and starts nothing; a start
 * that failed earlier (Temporal down) is completed by the repeat. `accept` may refuse the found row
 * (an idempotency key reused for another request) before anything starts.
 */
export async function submitTask(
  d: SubmitTaskDeps,
  row: NewTask,
  accept?: (r: { job: TaskRow; created: boolean }) => void,
): Promise<Submitted> {
  const { job, created } = await d.tasks.create(row);
  accept?.({ job, created });
  if (job.status !== 'queued') return { job, created, started: false };
  const start = await startTaskWorkflow(
    d.temporal,
    d.taskQueue,
    {
      taskId: job.taskId,
      run: job.replayCount,
      clientId: job.clientId,
      priority: job.priority,
    },
    d.fairness,
  );
  return { job, created, started: start.started };
}
