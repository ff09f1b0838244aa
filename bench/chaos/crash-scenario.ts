import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fixedRandom } from '../../test/support/fixed-random';
import { prepareChaos, submitTasks } from './chaos-platform';
import { startJobLogNotion } from './job-log';
import { checkLedger } from './ledger-check';
import { settleTasks } from './task-books';
import { descendants, running, startPlatform, waitUntilServing, type PlatformProcess } from './platform-process';
import type { ScenarioResult } from './scenario-row';

export interface CrashOptions {
  tasks: number;
  kills: number;
  /** Starting value of the PRNG that picks the kill moments (same value, same moments). */
  randomStart: number;
  /** Latency of every LLM answer, so kills land while calls are in flight. */
  llmDelayMs: number;
  /**
   * What each fault kills: `cli` the `npm start` process alone (the OOM killer picking the biggest
   * process; its Temporal server child lives on), `tree` its whole process tree at once (a power cut).
   */
  target?: 'cli' | 'tree';
  log?: (line: string) => void;
}

/**
 * Scenario 1: `npm start` (or its whole process tree) SIGKILLed K times at random moments while tasks
 * are in flight, restarted each time with the same command on the same data folder and nothing else.
 * Tasks are submitted in K+1 batches, one after each (re)start, so every kill finds fresh work.
 * Afterwards the books are read from Temporal (one run per task, completed), from the database (ledger
 * rows once, costs add up) and from the Notion stand-in (one Job Log row per task).
 */
export async function runCrashScenario(o: CrashOptions): Promise<ScenarioResult> {
  const log = o.log ?? (() => undefined);
  const rng = fixedRandom(o.randomStart);
  const tree = o.target === 'tree';
  const setup = await prepareChaos(o.llmDelayMs);
  const notion = await startJobLogNotion();
  const { api } = setup;
  const env = { ...setup.env, ...notion.env };
  const problems: string[] = [];
  const recoverMs: number[] = [];
  const submitted: { taskId: string; workflowId: string }[] = [];
  const share = (i: number) => Math.floor((o.tasks * i) / (o.kills + 1));
  const submit = async (batch: number) => submitted.push(...(await submitTasks(api, share(batch), share(batch + 1))));

  let proc: PlatformProcess | undefined = startPlatform(env, { ownGroup: tree });
  let faults = 0;
  const seen = new Set<number>(); // every process of every start, so a failed run leaves none behind
  try {
    await waitUntilServing(api, proc);
    for (let k = 0; k < o.kills; k++) {
      await submit(k);
      // A random moment within two LLM round trips after the batch went in.
      await sleep(rng.int(100, 2 * o.llmDelayMs));
      const killed = descendants(proc.child.pid!);
      killed.forEach((pid) => seen.add(pid));
      if (tree) process.kill(-proc.child.pid!, 'SIGKILL');
      else proc.child.kill('SIGKILL');
      const killedAt = Date.now();
      await proc.exited;
      faults++;
      proc = startPlatform(env, { ownGroup: tree }); // the normal command, no cleanup in between
      await waitUntilServing(api, proc);
      recoverMs.push(Date.now() - killedAt);
      log(`kill ${k + 1}/${o.kills}: serving again after ${recoverMs.at(-1)} ms`);
      const orphans = killed.filter(running);
      if (orphans.length)
        problems.push(`kill ${k + 1}: processes of the killed start still running: ${orphans.join(', ')}`);
    }
    await submit(o.kills);

    const { ids, duplicated } = await settleTasks(setup, notion, submitted, problems, log);

    // Graceful stop, then the database is read in this process (PGlite has one owner at a time).
    const last = descendants(proc.child.pid!);
    last.forEach((pid) => seen.add(pid));
    proc.child.kill('SIGINT');
    const how = await proc.exited;
    proc = undefined;
    if (how !== 0) problems.push(`the final stop exited with ${String(how)}`);
    const left = last.filter(running);
    if (left.length) problems.push(`processes left after the final stop: ${left.join(', ')}`);
    const ledger = await checkLedger(path.join(setup.dataDir, 'pglite'), ids);
    problems.push(...ledger.problems);
    return {
      row: {
        scenario: tree
          ? `tree-kill: SIGKILL of npm start's whole tree ×${o.kills}`
          : `crash: SIGKILL of npm start ×${o.kills}`,
        tasks: o.tasks,
        faults,
        finished: ledger.done,
        lost: o.tasks - ledger.done,
        duplicated: duplicated + ledger.duplicated,
        recoverMs,
      },
      problems,
    };
  } finally {
    if (proc) {
      descendants(proc.child.pid!).forEach((pid) => seen.add(pid));
      proc.child.kill('SIGKILL');
      await proc.exited;
    }
    for (const pid of [...seen].filter(running)) process.kill(pid, 'SIGKILL');
    await notion.notion.close();
    await setup.close();
  }
}
