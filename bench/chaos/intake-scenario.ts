import path from 'node:path';
import { CHAOS_HEADERS, countExtraRuns, prepareChaos, waitForTasks } from './chaos-platform';
import { checkLedger } from './ledger-check';
import { killLeftovers, stopAndCheck } from './final-stop';
import { startPlatform, waitUntilServing } from './platform-process';
import type { ScenarioResult } from './scenario-row';

export interface IntakeOptions {
  tasks: number;
  /** How many identical requests per idempotency key, all in flight at once. */
  copies: number;
  log?: (line: string) => void;
}

/**
 * Scenario 2 (API half): every task's `POST /api/tasks` sent `copies` times in parallel with the same
 * idempotency key, against `npm start`. Every copy must answer 202 with the same task, and each task
 * must run once: one ledger row, one Temporal run, one generate and one QA row.
 */
export async function runIntakeScenario(o: IntakeOptions): Promise<ScenarioResult> {
  const log = o.log ?? (() => undefined);
  const setup = await prepareChaos(0);
  const proc = startPlatform(setup.env);
  const problems: string[] = [];
  try {
    await waitUntilServing(setup.api, proc);
    const answers = await Promise.all(
      Array.from({ length: o.tasks * o.copies }, async (_, i) => {
        const n = i % o.tasks; // copies of one key are spread through the burst, not back to back
        const res = await fetch(`${setup.api}/api/tasks`, {
          method: 'POST',
          headers: CHAOS_HEADERS,
          body: JSON.stringify({ title: `Intake ${n}`, prompt: `Write note ${n}.`, idempotencyKey: `intake-${n}` }),
        });
        const body = (await res.json()) as { taskId?: string; workflowId?: string };
        return { n, status: res.status, taskId: body.taskId, workflowId: body.workflowId };
      }),
    );
    const byKey = new Map<number, Set<string>>();
    for (const a of answers) {
      if (a.status !== 202) problems.push(`key intake-${a.n}: a copy answered ${a.status}`);
      if (a.taskId) byKey.set(a.n, (byKey.get(a.n) ?? new Set()).add(a.taskId));
    }
    let duplicated = 0;
    for (const [n, ids] of byKey) {
      if (ids.size > 1) problems.push(`key intake-${n}: ${ids.size} different tasks`);
      duplicated += ids.size - 1;
    }
    const tasks = [...new Map(answers.filter((a) => a.taskId).map((a) => [a.taskId!, a.workflowId!])).entries()];
    log(`${answers.length} requests → ${tasks.length} tasks`);
    const ids = tasks.map(([taskId]) => taskId);
    log(`${await waitForTasks(setup.api, ids, 120_000 + o.tasks * 1_000)}/${ids.length} tasks done`);
    duplicated += await countExtraRuns(
      setup.devPort,
      tasks.map(([, wf]) => wf),
      problems,
    );

    await stopAndCheck(proc, problems);
    const ledger = await checkLedger(path.join(setup.dataDir, 'pglite'), ids);
    problems.push(...ledger.problems);
    return {
      row: {
        scenario: `intake: idempotency key ×${o.copies} in parallel`,
        tasks: o.tasks,
        faults: o.tasks * (o.copies - 1),
        finished: ledger.done,
        lost: o.tasks - ledger.done,
        duplicated: duplicated + ledger.duplicated,
        recoverMs: [],
      },
      problems,
    };
  } finally {
    await killLeftovers(proc);
    await setup.close();
  }
}
