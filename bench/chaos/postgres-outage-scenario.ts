import { setTimeout as sleep } from 'node:timers/promises';
import { CHAOS_HEADERS, postTask, prepareChaos, waitForTasks } from './chaos-platform';
import type { ScenarioResult } from './scenario-row';
import { closeSplitBooks, startSplitPlatform, tearDownSplit } from './split-platform';

export interface PostgresOutageOptions {
  /** Tasks submitted before the outage (in flight when PostgreSQL stops). */
  tasks: number;
  /** How long PostgreSQL stays stopped. */
  windowMs: number;
  llmDelayMs: number;
  log?: (line: string) => void;
}

/**
 * Scenario 4: PostgreSQL stopped under load in the split set-up (`echopilot worker` ×2 + `echopilot api`).
 * Tasks are in flight when the server stops; while it is down, new tasks keep being submitted and read:
 * the API must answer 503, never another 5xx, and both workers must stay up. After PostgreSQL is back,
 * every refused submission is sent again with its idempotency key. Then: every task done in one run with
 * one ledger row per step. Time to recover = from PostgreSQL's return until the API serves a task again,
 * and until every task is done.
 */
export async function runPostgresOutage(o: PostgresOutageOptions): Promise<ScenarioResult> {
  const log = o.log ?? (() => undefined);
  const setup = await prepareChaos(o.llmDelayMs);
  const problems: string[] = [];
  const statuses = new Map<string, number>();
  const note = (what: string, status: number) => {
    statuses.set(`${what} ${status}`, (statuses.get(`${what} ${status}`) ?? 0) + 1);
    if (status >= 500 && status !== 503) problems.push(`${what} answered ${status} while PostgreSQL was down`);
  };
  let split: Awaited<ReturnType<typeof startSplitPlatform>> | undefined;
  try {
    split = await startSplitPlatform(setup);
    const { apiUrl, pg } = split;
    const submit = (key: string) =>
      postTask(apiUrl, { title: `PG outage ${key}`, prompt: `Note ${key}.`, idempotencyKey: key });
    const accepted = new Map<string, { taskId: string; workflowId: string }>();
    for (let n = 0; n < o.tasks; n++) {
      const r = await submit(`pg-${n}`);
      if (r.status !== 202) throw new Error(`submit before the outage: ${r.status} ${JSON.stringify(r.body)}`);
      accepted.set(`pg-${n}`, r.body as { taskId: string; workflowId: string });
    }
    const first = [...accepted.values()][0]!.taskId;
    // Stop the server once the workers are at it: the first LLM call has been made.
    const callsBy = Date.now() + 120_000;
    while (setup.llm.calls.length === 0 && Date.now() < callsBy) await sleep(100);
    pg.halt();
    const downAt = Date.now();
    log(`PostgreSQL stopped with ${o.tasks} tasks submitted, ${setup.llm.calls.length} LLM calls made`);

    const refused: string[] = [];
    for (let i = 0; Date.now() - downAt < o.windowMs; i++) {
      const key = `pg-during-${i}`;
      const [sub, read, health] = await Promise.all([
        submit(key),
        fetch(`${apiUrl}/api/tasks/${first}`, { headers: CHAOS_HEADERS }).then((r) => r.status),
        fetch(`${apiUrl}/health`).then((r) => r.status),
      ]);
      note('POST /api/tasks', sub.status);
      note('GET /api/tasks/:id', read);
      note('GET /health', health);
      if (sub.status === 202) accepted.set(key, sub.body as { taskId: string; workflowId: string });
      else refused.push(key);
      await sleep(500);
    }
    pg.resume();
    const upAt = Date.now();
    log(
      `PostgreSQL down ${upAt - downAt} ms; answers meanwhile: ${[...statuses].map(([k, n]) => `${k} ×${n}`).join(', ')}`,
    );
    if (!statuses.has('POST /api/tasks 503')) problems.push('no submission was refused with 503 during the outage');

    let apiBack: number | undefined;
    while (Date.now() - upAt < 120_000) {
      const r = await fetch(`${apiUrl}/api/tasks/${first}`, { headers: CHAOS_HEADERS });
      if (r.status === 200) {
        apiBack = Date.now() - upAt;
        break;
      }
      await sleep(200);
    }
    if (apiBack === undefined) problems.push('the API did not serve a task within 120 s of PostgreSQL coming back');
    // The refused submissions, sent again as a client does after a 503: one task each.
    for (const key of refused) {
      const r = await submit(key);
      if (r.status !== 202) problems.push(`${key} sent again after the outage: ${r.status} ${JSON.stringify(r.body)}`);
      else accepted.set(key, r.body as { taskId: string; workflowId: string });
    }
    const tasks = [...accepted.values()];
    const ids = tasks.map((t) => t.taskId);
    const done = await waitForTasks(apiUrl, ids, 180_000 + ids.length * 3_000);
    const allDone = Date.now() - upAt;
    log(
      `API serving ${apiBack ?? '-'} ms after PostgreSQL came back; ${done}/${ids.length} tasks done after ${allDone} ms`,
    );
    split.workers.forEach((w, i) => {
      if (w.child.exitCode !== null || w.child.signalCode !== null) problems.push(`worker ${i + 1} died in the outage`);
    });

    const books = await closeSplitBooks(split, tasks, problems);
    return {
      row: {
        scenario: 'postgres-outage: PostgreSQL stopped (worker ×2 + api)',
        tasks: ids.length,
        faults: 1,
        finished: books.done,
        lost: ids.length - books.done,
        duplicated: books.duplicated,
        recoverMs: [apiBack ?? NaN, allDone],
      },
      problems,
    };
  } finally {
    await tearDownSplit(split);
    await setup.close();
  }
}
