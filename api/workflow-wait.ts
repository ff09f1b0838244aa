import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';

export type WaitOutcome<T> = { status: 'completed'; result: T } | { status: 'failed'; error: string } | { status: 'running' };

/** Waits up to `seconds` for a workflow's result; a slow run is reported as still running. */
export async function waitBriefly<T>(handle: WorkflowHandle, seconds: number): Promise<WaitOutcome<T>> {
  if (seconds === 0) return { status: 'running' };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<WaitOutcome<T>>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'running' }), seconds * 1000);
    timer.unref();
  });
  const result = handle
    .result()
    .then((r): WaitOutcome<T> => ({ status: 'completed', result: r as T }))
    .catch((err: unknown): WaitOutcome<T> => {
      if (err instanceof WorkflowFailedError) return { status: 'failed', error: err.cause?.message ?? err.message };
      throw err;
    });
  try {
    return await Promise.race([result, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
