import { condition, patched, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { releaseBudgetHold, type TaskProgress } from '../domain/contracts/task-messages';
import type { ProcessTaskInput, TaskStatus } from '../domain/task';
import { LEDGER_ACTIVITY_OPTIONS } from './task-activity-options';

const ledger = proxyLocalActivities<Activities>(LEDGER_ACTIVITY_OPTIONS);

/**
 * The client's monthly LLM budget, checked before each LLM call of a task. Over the cap the task waits
 * in `budget_hold` (ledger and search attribute) for the `releaseBudgetHold` signal: sent with
 * `override: false` when the operator changes the cap (check again, stay held if still spent), with
 * `override: true` by POST /api/tasks/:taskId/release-budget-hold (run on whatever the budget says).
 * The handler is set when the run starts, so a signal sent early is never lost.
 */
export function budgetGate(
  input: ProcessTaskInput,
  progress: TaskProgress,
  setStatus: (s: TaskStatus) => void,
): { enable(clientId: string | null): void; beforeLlmCall(): Promise<void> } {
  let releases = 0;
  let override = false;
  let clientId: string | undefined;
  setHandler(releaseBudgetHold, (r) => {
    releases++;
    if (r.override) override = true;
  });
  return {
    /** Runs recorded before budgets existed check nothing (patched keeps their histories replayable). */
    enable(id) {
      if (id && patched('client-budget')) clientId = id;
    },
    async beforeLlmCall() {
      if (!clientId || override) return;
      let held = false;
      const phase = progress.phase;
      for (;;) {
        const seen = releases;
        const check = await ledger.checkClientBudget({ taskId: input.taskId, clientId });
        if (check.allowed) break;
        if (!held) {
          held = true;
          progress.phase = 'budget_hold';
          await ledger.holdTaskForBudget(input);
          setStatus('budget_hold');
        }
        await condition(() => releases > seen);
        if (override) break;
      }
      if (!held) return;
      await ledger.resumeTaskFromBudgetHold(input);
      setStatus('running');
      progress.phase = phase;
    },
  };
}
