import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';

// The one reader of Temporal's activity context: attempt, heartbeat, cancellation and the calling
// workflow. Each helper also works outside an activity (tests, the CLI), where there is no context.

function current(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

/** This try's number (1 outside an activity). */
export const activityAttempt = (): number => current()?.info.attempt ?? 1;

/** Whether an earlier try of this same activity may have done its effect before the worker died. */
export const isRetry = (): boolean => {
  const ctx = current();
  return ctx ? ctx.info.attempt > 1 : true; // outside an activity: assume the worst and look
};

export const heartbeat = (details?: unknown): void => current()?.heartbeat(details);

/** Aborts when the workflow cancels the activity or the worker shuts down. */
export const cancellationSignal = (): AbortSignal | undefined => current()?.cancellationSignal;

/** The workflow that scheduled this activity, as `workflowId/runId` (for claims and dedupe keys). */
export function callerWorkflow(): { workflowId?: string; runId?: string } {
  const ex = current()?.info.workflowExecution;
  return { workflowId: ex?.workflowId, runId: ex?.runId };
}

/**
 * Runs `fn` with the activity's cancellation signal while heartbeating on a timer, so a cancel
 * request (or a worker that died) is noticed within the heartbeat timeout even during one long call.
 */
export async function withHeartbeats<T>(fn: (signal: AbortSignal) => Promise<T>, details?: unknown): Promise<T> {
  const ctx = Context.current();
  const timeoutMs = ctx.info.heartbeatTimeoutMs;
  const everyMs = Math.max(200, Math.floor((timeoutMs && timeoutMs > 0 ? timeoutMs : 30_000) / 3));
  // No heartbeat at the start: a call that ends within `everyMs` needs none (one server round trip
  // saved per LLM call), and the first beat still lands well inside the heartbeat timeout.
  const timer = setInterval(() => ctx.heartbeat(details), everyMs);
  try {
    return await fn(ctx.cancellationSignal);
  } finally {
    clearInterval(timer);
  }
}

/**
 * One key per real call made by this try of this activity (`workflowId/runId/activityId/attempt`): a
 * write retried within the try stays one row, a new try (a new, billed call) gets its own. Outside an
 * activity every call is its own.
 */
export function activityCallKey(): string {
  const info = current()?.info;
  if (!info) return `local/${randomUUID()}`;
  const ex = info.workflowExecution;
  return `${ex?.workflowId ?? 'standalone'}/${ex?.runId ?? ''}/${info.activityId}/${info.attempt}`;
}
