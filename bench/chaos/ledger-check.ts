import { inArray } from 'drizzle-orm';
import { openDatabase, type DatabaseTarget } from '../../infra/db/open-database';
import { jobAttempts, jobs } from '../../infra/db/schema/jobs';

/**
 * The books after a scenario, read from the platform's own database: each task done in its first run,
 * one generate and one QA row per attempt (a retried LLM call after a crash must not add a row), and the
 * task's cost equal to the sum of its rows.
 */
export async function checkLedger(
  /** The PGlite folder of `npm start`, or the PostgreSQL the split set-up shares. */
  where: string | DatabaseTarget,
  taskIds: string[],
): Promise<{ done: number; duplicated: number; problems: string[] }> {
  const database = await openDatabase(typeof where === 'string' ? { kind: 'pglite', dir: where } : where);
  try {
    const rows = await database.db.select().from(jobs).where(inArray(jobs.taskId, taskIds));
    const steps = await database.db.select().from(jobAttempts).where(inArray(jobAttempts.taskId, taskIds));
    const problems: string[] = [];
    let duplicated = 0;
    if (rows.length !== taskIds.length)
      problems.push(`${taskIds.length - rows.length} submitted tasks have no ledger row`);
    for (const job of rows) {
      const mine = steps.filter((s) => s.taskId === job.taskId);
      if (job.status !== 'done') problems.push(`${job.taskId}: status ${job.status}`);
      if (job.replayCount !== 0) problems.push(`${job.taskId}: replayed ${job.replayCount}× (started again)`);
      const extraRuns = mine.filter((s) => s.run !== 0).length;
      duplicated += extraRuns;
      for (let a = 1; a <= job.attempts; a++) {
        for (const step of ['generate', 'qa']) {
          const n = mine.filter((s) => s.run === 0 && s.attempt === a && s.step === step).length;
          if (n !== 1) problems.push(`${job.taskId}: attempt ${a} has ${n} ${step} rows`);
        }
      }
      const llmRows = mine.filter((s) => s.step === 'generate' || s.step === 'qa');
      if (llmRows.length > 2 * job.attempts) duplicated += llmRows.length - 2 * job.attempts;
      const sum = mine.reduce((a, s) => a + s.costMicroUsd, 0);
      if (sum !== job.costMicroUsd) problems.push(`${job.taskId}: cost ${job.costMicroUsd} ≠ sum of steps ${sum}`);
    }
    return { done: rows.filter((r) => r.status === 'done').length, duplicated, problems };
  } finally {
    await database.close();
  }
}
