import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fixedRandom } from '../../test/support/fixed-random';
import { prepareChaos, submitTasks } from './chaos-platform';
import { killLeftovers } from './final-stop';
import { startJobLogNotion } from './job-log';
import { descendants, running, startPlatform, waitUntilServing, type PlatformProcess } from './platform-process';
import type { ScenarioResult } from './scenario-row';
import { closeBooks } from './task-books';
import { resubmit } from './temporal-down-probe';

export interface EmbeddedTemporalKillOptions {
  tasks: number;
  kills: number;
  randomStart: number;
  llmDelayMs: number;
  log?: (line: string) => void;
}

/** The pid of `npm start`'s embedded Temporal dev server (a `temporal server start-dev` below it). */
function embeddedServer(proc: PlatformProcess): number | undefined {
  return descendants(proc.child.pid!).find((pid) => {
    try {
      return running(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('start-dev');
    } catch {
      return false;
    }
  });
}

/**
 * Scenario: `npm start`'s own embedded Temporal dev server, and nothing else, SIGKILLed K times while tasks
 * are in flight (the OOM killer picking it). Nobody restarts anything: the platform must start its server
 * again on the same SQLite file, and its worker and API reconnect. Time to recover = from the kill until
 * the API accepts a task again.
 */
export async function runEmbeddedTemporalKillScenario(o: EmbeddedTemporalKillOptions): Promise<ScenarioResult> {
  const log = o.log ?? (() => undefined);
  const rng = fixedRandom(o.randomStart);
  const setup = await prepareChaos(o.llmDelayMs);
  const notion = await startJobLogNotion();
  const { api } = setup;
  const proc = startPlatform({ ...setup.env, ...notion.env });
  const problems: string[] = [];
  const recoverMs: number[] = [];
  const submitted: { taskId: string; workflowId: string }[] = [];
  const share = (i: number) => Math.floor((o.tasks * i) / (o.kills + 1));
  let faults = 0;
  let sentAgain = 0;
  try {
    await waitUntilServing(api, proc);
    for (let k = 0; k < o.kills; k++) {
      submitted.push(...(await submitTasks(api, share(k), share(k + 1))));
      await sleep(rng.int(100, 2 * o.llmDelayMs));
      const server = embeddedServer(proc);
      if (!server) {
        problems.push(`kill ${k + 1}: no embedded Temporal server under npm start`);
        break;
      }
      process.kill(server, 'SIGKILL');
      const killedAt = Date.now();
      faults++;
      // Recovered: the API takes a new task (sent as a caller told 503 would: again until 202).
      const again = await resubmit(api, `embedded-temporal-down-${k}`, 120_000);
      if (!again) problems.push(`kill ${k + 1}: no task accepted within 120 s of the kill`);
      else {
        submitted.push(again);
        sentAgain++;
      }
      recoverMs.push(Date.now() - killedAt);
      const restarted = embeddedServer(proc);
      if (!restarted || restarted === server) problems.push(`kill ${k + 1}: the embedded server was not started again`);
      if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
        problems.push(`kill ${k + 1}: npm start exited:\n${proc.output().slice(-2000)}`);
        break;
      }
      log(
        `kill ${k + 1}: server ${server} killed; API took tasks again after ${recoverMs.at(-1)} ms (server ${restarted})`,
      );
    }
    submitted.push(...(await submitTasks(api, share(o.kills), o.tasks)));

    const books = await closeBooks(setup, notion, proc, submitted, problems, log);
    const expected = o.tasks + sentAgain;
    return {
      row: {
        scenario: `embedded-temporal-kill: SIGKILL of npm start's Temporal server ×${o.kills}`,
        tasks: expected,
        faults,
        finished: books.done,
        lost: expected - books.done,
        duplicated: books.duplicated,
        recoverMs,
      },
      problems,
    };
  } finally {
    await killLeftovers(proc);
    await notion.notion.close();
    await setup.close();
  }
}
