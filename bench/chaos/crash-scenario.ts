import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fixedRandom } from '../../test/support/fixed-random';
import { CHAOS_HEADERS, countExtraRuns, prepareChaos, waitForTasks } from './chaos-platform';
import { checkLedger } from './ledger-check';
import { descendants, running, startPlatform, waitUntilServing, type PlatformProcess } from './platform-process';
import type { ScenarioResult } from './scenario-row';

export interface CrashOptions {
  tasks: number;
  kills: number;
  /** Starting value of the PRNG that picks the kill moments (same value, same moments). */
  randomStart: number;
  /** Latency of every LLM answer, so kills land while calls are in flight. */
  llmDelayMs: number;
  log?: (line: string) => void;
}

/**
 * Scenario 1: `npm start` SIGKILLed K times at random moments while tasks are in flight (the OOM
 * killer), restarted each time with the same command and nothing else. Tasks are submitted in K+1
 * batches, one after each (re)start, so every kill finds fresh work. Afterwards the books are read from
 * Temporal (one run per task, completed) and from the database (ledger rows once, costs add up).
 */
export async function runCrashScenario(o: CrashOptions): Promise<ScenarioResult> {
  const log = o.log ?? (() => undefined);
  const rng = fixedRandom(o.randomStart);
  const setup = await prepareChaos(o.llmDelayMs);
  const { api, env } = setup;
  const problems: string[] = [];
  const recoverMs: number[] = [];
  const submitted: { taskId: string; workflowId: string }[] = [];
  const share = (i: number) => Math.floor((o.tasks * i) / (o.kills + 1));
  const submit = async (batch: number) => {
    const from = share(batch);
    const made = await Promise.all(
      Array.from({ length: share(batch + 1) - from }, async (_, j) => {
        const n = from + j;
        const res = await fetch(`${api}/api/tasks`, {
          method: 'POST',
          headers: CHAOS_HEADERS,
          body: JSON.stringify({ title: `Chaos ${n}`, prompt: `Write note ${n}.`, idempotencyKey: `chaos-${n}` }),
        });
        if (res.status !== 202) throw new Error(`submit ${n}: ${res.status} ${await res.text()}`);
        return (await res.json()) as { taskId: string; workflowId: string };
      }),
    );
    submitted.push(...made);
  };

  let proc: PlatformProcess | undefined = startPlatform(env);
  let faults = 0;
  const seen = new Set<number>(); // every process of every start, so a failed run leaves none behind
  try {
    await waitUntilServing(api, proc);
    for (let k = 0; k < o.kills; k++) {
      await submit(k);
      // A random moment within two LLM round trips after the batch went in.
      await sleep(rng.int(100, 2 * o.llmDelayMs));
      const tree = descendants(proc.child.pid!);
      tree.forEach((pid) => seen.add(pid));
      proc.child.kill('SIGKILL');
      const killedAt = Date.now();
      await proc.exited;
      faults++;
      proc = startPlatform(env); // the normal command, no cleanup in between
      await waitUntilServing(api, proc);
      recoverMs.push(Date.now() - killedAt);
      log(`kill ${k + 1}/${o.kills}: serving again after ${recoverMs.at(-1)} ms`);
      const orphans = tree.filter(running);
      if (orphans.length)
        problems.push(`kill ${k + 1}: processes of the killed start still running: ${orphans.join(', ')}`);
    }
    await submit(o.kills);

    const ids = submitted.map((t) => t.taskId);
    log(`${await waitForTasks(api, ids, 60_000 + o.tasks * 2_000)}/${o.tasks} tasks done`);
    const extraRuns = await countExtraRuns(
      setup.devPort,
      submitted.map((t) => t.workflowId),
      problems,
    );

    // Graceful stop, then the database is read in this process (PGlite has one owner at a time).
    const tree = descendants(proc.child.pid!);
    tree.forEach((pid) => seen.add(pid));
    proc.child.kill('SIGINT');
    const how = await proc.exited;
    proc = undefined;
    if (how !== 0) problems.push(`the final stop exited with ${String(how)}`);
    const left = tree.filter(running);
    if (left.length) problems.push(`processes left after the final stop: ${left.join(', ')}`);
    const ledger = await checkLedger(path.join(setup.dataDir, 'pglite'), ids);
    problems.push(...ledger.problems);
    return {
      row: {
        scenario: `crash: SIGKILL of npm start ×${o.kills}`,
        tasks: o.tasks,
        faults,
        finished: ledger.done,
        lost: o.tasks - ledger.done,
        duplicated: extraRuns + ledger.duplicated,
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
    await setup.close();
  }
}
