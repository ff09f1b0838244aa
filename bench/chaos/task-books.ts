import { countExtraRuns, waitForTasks, type ChaosSetup } from './chaos-platform';
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
