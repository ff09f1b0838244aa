import { Context } from '@temporalio/activity';

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
