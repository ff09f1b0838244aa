import { budgetState, utcMonth } from '../domain/client-budget';
import { formatMicroUsd } from '../domain/money';
import type { ProcessTaskInput } from '../domain/task';
import type { AlertService } from '../infra/alerts/alert-service';
import type { BudgetHolds, ClientStats } from '../infra/db/repositories/client-stats';
import type { ClientRepository } from '../infra/db/repositories/clients';

export interface BudgetActivityDeps {
  clientBudget: { clients: ClientRepository; stats: ClientStats; holds: BudgetHolds };
  alerts: AlertService;
}

export interface BudgetCheck {
  allowed: boolean;
  capMicroUsd: number | null;
  spentMicroUsd: number;
}

/** Per-client monthly LLM budgets: the check before each LLM call, the 80 % alert, the hold status. */
export function createBudgetActivities({ clientBudget: d, alerts }: BudgetActivityDeps) {
  async function alertOnce(clientId: string, pct: number | null, cap: number, spent: number): Promise<void> {
    const now = new Date();
    if (!(await d.stats.claimBudgetAlert(clientId, now))) return;
    try {
      await alerts.send({
        key: `client-budget:${clientId}:${utcMonth(now)}`,
        severity: 'warning',
        title: `Client ${clientId} has used ${pct}% of its monthly LLM budget`,
        text:
          `Month ${utcMonth(now)}: $${formatMicroUsd(spent)} of $${formatMicroUsd(cap)}. ` +
          'At the cap new LLM calls of its tasks wait in budget_hold until the cap is raised ' +
          '(PATCH /api/clients/:clientId) or a task is released (POST /api/tasks/:taskId/release-budget-hold).',
      });
    } catch (err) {
      await d.stats.releaseBudgetAlert(clientId, now); // a later check sends it
      throw err;
    }
  }

  return {
    /**
     * Before each LLM call of a client's task: allowed while this month's spend is below the cap, so the
     * ledger passes the cap by at most the one call already allowed. Sends the month's 80 % alert once.
     */
    async checkClientBudget(input: { taskId: string; clientId: string }): Promise<BudgetCheck> {
      const client = await d.clients.get(input.clientId);
      const cap = client?.budgetMicroUsdPerMonth ?? null;
      if (cap === null) return { allowed: true, capMicroUsd: null, spentMicroUsd: 0 };
      const spent = await d.stats.monthSpendMicroUsd(input.clientId);
      const b = budgetState(cap, spent);
      if (b.alertDue) await alertOnce(input.clientId, b.usedPct, cap, spent);
      return { allowed: !b.exhausted, capMicroUsd: cap, spentMicroUsd: spent };
    },
    async holdTaskForBudget(input: ProcessTaskInput): Promise<boolean> {
      return d.holds.set(input.taskId, input.run, true);
    },
    async resumeTaskFromBudgetHold(input: ProcessTaskInput): Promise<boolean> {
      return d.holds.set(input.taskId, input.run, false);
    },
  };
}
export type BudgetActivities = ReturnType<typeof createBudgetActivities>;
