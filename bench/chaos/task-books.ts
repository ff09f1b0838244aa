import path from 'node:path';
import { countExtraRuns, waitForTasks, type ChaosSetup } from './chaos-platform';
import { stopAndCheck } from './final-stop';
import { checkLedger } from './ledger-check';
import type { PlatformProcess } from './platform-process';
import { jobLogBooks, type JobLogNotion } from './job-log';

/**
 * After the last fault: waits for every submitted task, then reads the books outside the database
 * (one completed Temporal run per task, one Job Log row per task). Returns the task ids (for the ledger
 * check) and the duplicated effects found; broken promises go to `problems`.
 */
export async function settleTasks(
  setup: ChaosSetup,
  notion: JobLogNotion,
  submitted: { taskId: string; workflowId: string }[],
  problems: string[],
  log: (line: string) => void,
): Promise<{ ids: string[]; duplicated: number }> {
  const ids = submitted.map((t) => t.taskId);
  log(`${await waitForTasks(setup.api, ids, 60_000 + ids.length * 2_000)}/${ids.length} tasks done`);
  const extraRuns = await countExtraRuns(
    setup.devPort,
    submitted.map((t) => t.workflowId),
    problems,
  );
  const jobLog = jobLogBooks(await notion.waitFor(ids, 60_000), ids.length);
  problems.push(...jobLog.problems);
  return { ids, duplicated: extraRuns + jobLog.duplicated };
}

/**
 * The end of a scenario run on `npm start` (embedded PGlite): settles the tasks, stops the platform as a
 * user does and reads its ledger. Returns the tasks done and every duplicated effect found.
 */
export async function closeBooks(
  setup: ChaosSetup,
  notion: JobLogNotion,
  proc: PlatformProcess,
  submitted: { taskId: string; workflowId: string }[],
  problems: string[],
  log: (line: string) => void,
): Promise<{ done: number; duplicated: number }> {
  const { ids, duplicated } = await settleTasks(setup, notion, submitted, problems, log);
  await stopAndCheck(proc, problems);
  const ledger = await checkLedger(path.join(setup.dataDir, 'pglite'), ids);
  problems.push(...ledger.problems);
  return { done: ledger.done, duplicated: duplicated + ledger.duplicated };
}
