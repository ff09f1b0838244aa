import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';

export interface FailureInfo {
  message: string;
  type: string;
  details?: unknown[];
}

/** The ApplicationFailure an activity threw (type, message, details), whatever wraps it. */
export function failureInfo(err: unknown): FailureInfo {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) return { message: cause.message, type: cause.type ?? 'internal', details: cause.details as unknown[] | undefined };
  return { message: err instanceof Error ? err.message : String(err), type: 'internal' };
}
