import { z } from 'zod';
import { WorkflowFailedError, type Workflow, type WorkflowHandle, type WorkflowResultType } from '@temporalio/client';

export type WaitOutcome<T> =
  { status: 'completed'; result: T } | { status: 'failed'; error: string } | { status: 'running' };

/** The body field of every route that starts a workflow and waits briefly for it. */
export const waitSecondsSchema = z
  .number()
  .int()
  .min(0)
  .max(60)
  .default(20)
  .describe('how long to wait for the result');

/**
 * `p`'s value if it settles within `ms`, else `undefined`. The timer is cleared and unref'd so it
 * never holds the process open, and a rejection of `p` after the deadline is swallowed: the caller
 * has already answered, and an unhandled rejection would crash the process.
 */
export async function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  p.catch(() => undefined); // a rejection before the deadline still reaches the caller through the race
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
    timer.unref();
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits up to `seconds` for a workflow's result; a slow run is reported as still running. */
export async function waitBriefly<W extends Workflow>(
  handle: WorkflowHandle<W>,
  seconds: number,
): Promise<WaitOutcome<WorkflowResultType<W>>> {
  type Outcome = WaitOutcome<WorkflowResultType<W>>;
  if (seconds === 0) return { status: 'running' };
  // Wrapped in an outcome object so a workflow returning nothing is not mistaken for a timeout.
  const outcome = handle.result().then(
    (result): Outcome => ({ status: 'completed', result }),
    (err: unknown): Outcome => {
      if (err instanceof WorkflowFailedError) return { status: 'failed', error: err.cause?.message ?? err.message };
      throw err;
    },
  );
  return (await within(outcome, seconds * 1000)) ?? { status: 'running' };
}
