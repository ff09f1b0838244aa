import { setTimeout as sleep } from 'node:timers/promises';
import { fixedRandom } from '../../test/support/fixed-random';
import { postTask, prepareChaos, waitForTasks } from './chaos-platform';
import { running } from './platform-process';
import type { ScenarioResult } from './scenario-row';
import { closeSplitBooks, startSplitPlatform, tearDownSplit } from './split-platform';

export interface SplitCrashOptions {
  tasks: number;
  kills: number;
  randomStart: number;
  llmDelayMs: number;
  log?: (line: string) => void;
}

/**
 * Scenario 1 in the split set-up (PostgreSQL, a Temporal server, `echopilot worker` ×2, `echopilot api`):
 * K times, at a random moment within two LLM round trips of a batch, one worker process (the two in turn)
 * gets SIGKILL and is started again with the same command, as systemd or Docker would. Afterwards every
 * task is done in one run, with one ledger row per step, and the killed processes are gone. Time to
 * recover = from the kill until the restarted worker runs.
 */
export async function runSplitCrashScenario(o: SplitCrashOptions): Promise<ScenarioResult> {
  const log = o.log ?? (() => undefined);
  const rng = fixedRandom(o.randomStart);
  const setup = await prepareChaos(o.llmDelayMs);
  const problems: string[] = [];
  const recoverMs: number[] = [];
  let split: Awaited<ReturnType<typeof startSplitPlatform>> | undefined;
  try {
    split = await startSplitPlatform(setup);
    const { apiUrl } = split;
    const accepted: { taskId: string; workflowId: string }[] = [];
    const share = (i: number) => Math.floor((o.tasks * i) / (o.kills + 1));
    const submit = async (batch: number) => {
      for (let n = share(batch); n < share(batch + 1); n++) {
        const r = await postTask(apiUrl, {
          title: `Split crash ${n}`,
          prompt: `Note ${n}.`,
          idempotencyKey: `sc-${n}`,
        });
        if (r.status !== 202) problems.push(`submit ${n}: ${r.status} ${JSON.stringify(r.body)}`);
        else accepted.push(r.body as { taskId: string; workflowId: string });
      }
    };
    for (let k = 0; k < o.kills; k++) {
      await submit(k);
      await sleep(rng.int(100, 2 * o.llmDelayMs));
      const i = k % split.workers.length;
      const victim = split.workers[i]!;
      victim.child.kill('SIGKILL');
      const killedAt = Date.now();
      await victim.exited;
      await split.restartWorker(i);
      recoverMs.push(Date.now() - killedAt);
      if (running(victim.child.pid!)) problems.push(`kill ${k + 1}: worker ${i + 1}'s killed process still runs`);
      log(`kill ${k + 1}: worker ${i + 1} SIGKILLed; running again after ${recoverMs.at(-1)} ms`);
    }
    await submit(o.kills);

    const ids = accepted.map((t) => t.taskId);
    log(`${await waitForTasks(apiUrl, ids, 180_000 + ids.length * 3_000)}/${ids.length} tasks done`);
    const books = await closeSplitBooks(split, accepted, problems);
    return {
      row: {
        scenario: `split-crash: SIGKILL of one echopilot worker (of 2) ×${o.kills}`,
        tasks: o.tasks,
        faults: o.kills,
        finished: books.done,
        lost: o.tasks - books.done,
        duplicated: books.duplicated,
        recoverMs,
      },
      problems,
    };
  } finally {
    await tearDownSplit(split);
    await setup.close();
  }
}
