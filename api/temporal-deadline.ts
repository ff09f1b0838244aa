import type { Client } from '@temporalio/client';

/** A Temporal call that did not answer within its bound: the server is down or too slow to count on. */
export class TemporalTooSlowError extends Error {
  constructor(ms: number) {
    super(`Temporal did not answer within ${ms} ms`);
    this.name = 'TemporalTooSlowError';
  }
}

/**
 * Runs one Temporal call with an upper bound on the wait. The gRPC deadline alone is not enough: over the
 * worker's native connection each retry gets it afresh, so with the server down a call still takes the
 * SDK's whole retry budget (about ten seconds). The call left behind ends on its own.
 */
export async function withinMs<T>(client: Client, ms: number, fn: () => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TemporalTooSlowError(ms)), ms);
  });
  try {
    return await Promise.race([client.withDeadline(Date.now() + ms, fn), late]);
  } finally {
    clearTimeout(timer);
  }
}
