import { setTimeout as sleep } from 'node:timers/promises';

/**
 * How a part that died on its own (a Temporal worker, the embedded Temporal server) is restarted: after a
 * growing pause, and at most `max` times within `windowMs`. Beyond that the part keeps failing for a reason a
 * restart does not fix, and the process gives up and exits, so that its supervisor (systemd, Docker's restart
 * policy, Kubernetes) starts it fresh and the operator sees it.
 */
export interface RestartBudget {
  /** The pause before the next restart, or undefined when the budget is spent. Records the restart. */
  next(now?: number): number | undefined;
}

export interface RestartBudgetOptions {
  max?: number;
  windowMs?: number;
  firstDelayMs?: number;
  maxDelayMs?: number;
}

export const RESTART_BUDGET_DEFAULTS: Required<RestartBudgetOptions> = {
  max: 5,
  windowMs: 10 * 60_000,
  firstDelayMs: 1_000,
  maxDelayMs: 30_000,
};

export function restartBudget(options: RestartBudgetOptions = {}): RestartBudget {
  const o = { ...RESTART_BUDGET_DEFAULTS, ...options };
  const recent: number[] = [];
  return {
    next(now = Date.now()) {
      while (recent.length && now - recent[0]! >= o.windowMs) recent.shift();
      if (recent.length >= o.max) return undefined;
      recent.push(now);
      return Math.min(o.maxDelayMs, o.firstDelayMs * 2 ** (recent.length - 1));
    },
  };
}

export interface RestartLoop<T> {
  /** Starts the part again; a throw counts as one more failure. */
  start: () => Promise<T>;
  /** Told the failure and the pause before the next try. */
  onPause: (failure: unknown, delayMs: number) => void;
  /** Aborted when the process stops: the loop ends without starting anything. */
  signal: AbortSignal;
}

/**
 * Starts a part that failed again, after each pause the budget allows, until a start succeeds (its result),
 * the process stops (`stopped`), or the budget is spent (`gaveUp`, with the last failure).
 */
export async function restartWithin<T>(
  budget: RestartBudget,
  failure: unknown,
  loop: RestartLoop<T>,
): Promise<{ started: T } | { gaveUp: unknown } | 'stopped'> {
  for (let last = failure; ;) {
    const delayMs = budget.next();
    if (delayMs === undefined) return { gaveUp: last };
    loop.onPause(last, delayMs);
    await sleep(delayMs, undefined, { signal: loop.signal }).catch(() => undefined);
    if (loop.signal.aborted) return 'stopped';
    try {
      return { started: await loop.start() };
    } catch (err) {
      last = err;
    }
  }
}
