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
