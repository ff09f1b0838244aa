import { setTimeout as sleep } from 'node:timers/promises';
import { startNotionFake, type NotionFake } from '../../test/fakes/notion-fake';
import { JOB_LOG_PROPERTIES as JOB_LOG } from '../../test/fakes/notion-database-properties';

/**
 * The Notion stand-in with a Job Log database, which every finished task writes one row to (Task ID
 * `<taskId>#<run>`): the scenarios read it to check Notion was written exactly once per task.
 */
export interface JobLogNotion {
  env: Record<string, string>;
  notion: NotionFake;
  jobLogDb: string;
  /** Job Log rows per Task ID. */
  rowsPerTask(): Map<string, number>;
  /** Rows per Task ID once every task's first run has one, or the time is up. */
  waitFor(taskIds: string[], timeoutMs: number): Promise<Map<string, number>>;
}

export async function startJobLogNotion(): Promise<JobLogNotion> {
  const notion = await startNotionFake();
  const jobLogDb = notion.createDatabase('Job Log', JOB_LOG);
  const rowsPerTask = () => {
    const m = new Map<string, number>();
    for (const r of notion.rows(jobLogDb)) m.set(String(r['Task ID']), (m.get(String(r['Task ID'])) ?? 0) + 1);
    return m;
  };
  return {
    env: {
      NOTION_TOKEN: notion.token,
      NOTION_API_BASE_URL: notion.baseUrl,
      JOB_LOG_DB_ID: jobLogDb,
      NOTION_REQUESTS_PER_SECOND: '20',
    },
    notion,
    jobLogDb,
    rowsPerTask,
    async waitFor(taskIds, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline && !taskIds.every((t) => rowsPerTask().has(`${t}#0`))) await sleep(500);
      return rowsPerTask();
    },
  };
}

/** One Job Log row per task: a missing row is a problem, every row beyond the first a duplicated effect. */
export function jobLogBooks(jobLog: Map<string, number>, tasks: number): { duplicated: number; problems: string[] } {
  const problems: string[] = [];
  let duplicated = 0;
  if (jobLog.size < tasks) problems.push(`${tasks - jobLog.size} tasks never reached the Notion Job Log`);
  for (const [task, n] of jobLog) {
    if (n > 1) problems.push(`${task}: ${n} Job Log rows`);
    duplicated += n - 1;
  }
  return { duplicated, problems };
}
