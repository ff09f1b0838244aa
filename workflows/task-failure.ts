import { ActivityFailure, ApplicationFailure, TimeoutFailure } from '@temporalio/workflow';
import { FAILURE_TYPES, type FailureType } from '../domain/task';

/** Why a step failed, as a FailureType plus the provider's or validator's own reason. */
export function classifyFailure(err: unknown): { type: FailureType; reason: string } {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) {
    const type = (FAILURE_TYPES as readonly string[]).includes(cause.type ?? '') ? (cause.type as FailureType) : 'internal';
    return { type, reason: cause.message };
  }
  if (cause instanceof TimeoutFailure) return { type: 'timeout', reason: `step timed out (${cause.timeoutType})` };
  return { type: 'internal', reason: cause instanceof Error ? cause.message : String(cause) };
}
