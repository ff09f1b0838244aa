import { isRetry } from './activity-context';
import type { AttemptRow, TaskLedger, NewAttempt } from '../infra/db/repositories/task-ledger';

export interface LedgerStepKey {
  taskId: string;
  run: number;
  attempt: number;
  step: string;
}

/**
 * Runs a paid step (an LLM call) at most once per (task, run, attempt, step) as far as the ledger goes.
 * A retry reads the ledger first: the worker may have died after the write, and the recorded answer is
 * reused instead of paying for a new one. A first try skips that read (one round trip per step): only a
 * reset workflow can meet its own row there, and then the insert reports the conflict and the recorded
 * row wins, so the workflow and the ledger never disagree.
 */
export async function onceInLedger<T>(
  tasks: TaskLedger,
  key: LedgerStepKey,
  fromRow: (row: AttemptRow) => T | undefined,
  run: () => Promise<{ row: Omit<NewAttempt, keyof LedgerStepKey>; result: T }>,
): Promise<T> {
  const recorded = async () => {
    const row = await tasks.getStep(key);
    return row ? fromRow(row) : undefined;
  };
  if (isRetry()) {
    const prior = await recorded();
    if (prior !== undefined) return prior;
  }
  const { row, result } = await run();
  if (await tasks.recordStep({ ...row, ...key })) return result;
  return (await recorded()) ?? result;
}
