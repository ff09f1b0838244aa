import { ActivityFailure, ApplicationFailure, TimeoutFailure } from '@temporalio/workflow';
import { FAILURE_TYPES, type FailureType } from '../domain/task';

// The one place workflows read a failure: what an activity threw, unwrapped from Temporal's ActivityFailure.

export interface FailureInfo {
  message: string;
  type: string;
  details?: unknown[];
}

const causeOf = (err: unknown): unknown => (err instanceof ActivityFailure ? err.cause : err);

/** The ApplicationFailure an activity threw (type, message, details), whatever wraps it. */
export function failureInfo(err: unknown): FailureInfo {
  const cause = causeOf(err);
  if (cause instanceof ApplicationFailure)
    return { message: cause.message, type: cause.type ?? 'internal', details: cause.details as unknown[] | undefined };
  return { message: err instanceof Error ? err.message : String(err), type: 'internal' };
}

/**
 * True when an activity ran out of its schedule-to-close window between attempts: the server then ends
 * the retries with the last attempt's failure as cause and retry state TIMEOUT (not a TimeoutFailure).
 */
export const outlastedDeadline = (err: unknown): boolean =>
  err instanceof ActivityFailure && err.retryState === 'TIMEOUT' && err.cause instanceof ApplicationFailure;

/** Why a task step failed, as a FailureType plus the provider's or validator's own reason. */
export function classifyFailure(err: unknown): { type: FailureType; reason: string } {
  const cause = causeOf(err);
  if (cause instanceof ApplicationFailure) {
    const type = (FAILURE_TYPES as readonly string[]).includes(cause.type ?? '')
      ? (cause.type as FailureType)
      : 'internal';
    return { type, reason: cause.message };
  }
  if (cause instanceof TimeoutFailure) return { type: 'timeout', reason: `step timed out (${cause.timeoutType})` };
  return { type: 'internal', reason: cause instanceof Error ? cause.message : String(cause) };
}
