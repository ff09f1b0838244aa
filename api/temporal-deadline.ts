import {
  isGrpcServiceError,
  ServiceError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
} from '@temporalio/client';

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

/** gRPC status codes meaning "the server is not there right now": DEADLINE_EXCEEDED, UNAVAILABLE. */
const UNAVAILABLE_CODES = new Set<number>([4, 14]);

/** The Temporal server is not there (down, unreachable, too slow): the API answers 503 `temporal_unavailable`. */
export function isTemporalUnavailable(err: unknown): boolean {
  // An Update's call that ran out of time is the SDK's own error type, not a ServiceError.
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  const grpc = err instanceof ServiceError ? err.cause : err;
  return isGrpcServiceError(grpc) && UNAVAILABLE_CODES.has(grpc.code);
}
