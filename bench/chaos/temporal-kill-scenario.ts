import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { portOpen, startDevServer, type DevServer } from '../../infra/temporal/dev-server';
import { findTemporalCli } from '../../infra/temporal/temporal-cli';
import { freePort } from '../../test/support/free-port';
import { fixedRandom } from '../../test/support/fixed-random';
import { prepareChaos, submitTasks } from './chaos-platform';
import { killLeftovers } from './final-stop';
import { startJobLogNotion } from './job-log';
import { closeBooks } from './task-books';
import { startPlatform, waitUntilServing } from './platform-process';
import type { ScenarioResult } from './scenario-row';
import { downProblem, probeWhileDown, resubmit } from './temporal-down-probe';

export interface TemporalKillOptions {
  tasks: number;
  kills: number;
  /** How long Temporal stays down each time (the API is asked during it). */
  downMs: number;
  randomStart: number;
  llmDelayMs: number;
  log?: (line: string) => void;
}

/**
 * Scenario: an external Temporal server (a dev server over its own SQLite file, started here; the
 * platform reaches it through TEMPORAL_ADDRESS) is SIGKILLed K times while tasks are in flight and
 * restarted on the same file after `downMs`. While it is down the API must answer 503 with a clear code,
 * never another 5xx, and a task submitted then (refused with 503) is sent again afterwards with the same
 * idempotency key. The platform is never restarted: its worker and API must reconnect on their own.
 */
export async function runTemporalKillScenario(o: TemporalKillOptions): Promise<ScenarioResult> {
  const log = o.log ?? (() => undefined);
  const rng = fixedRandom(o.randomStart);
  const cliPath = findTemporalCli(process.env.TEMPORAL_CLI_PATH, process.env.PATH ?? '');
  if (!cliPath) throw new Error('no Temporal CLI: set TEMPORAL_CLI_PATH (scripts/ensure-temporal.sh)');
  const setup = await prepareChaos(o.llmDelayMs);
  const notion = await startJobLogNotion();
  const { api } = setup;
  const serverDir = path.join(setup.dataDir, 'external-temporal');
  mkdirSync(serverDir, { recursive: true });
  const serverOpts = {
    cliPath,
    dataDir: serverDir,
    port: setup.devPort,
    uiPort: await freePort(),
    namespace: 'default',
  };
  let server: DevServer | undefined = await startDevServer(serverOpts);
  const proc = startPlatform({ ...setup.env, ...notion.env, TEMPORAL_ADDRESS: server.address });
  const problems: string[] = [];
  const recoverMs: number[] = [];
  const submitted: { taskId: string; workflowId: string }[] = [];
  const share = (i: number) => Math.floor((o.tasks * i) / (o.kills + 1));
  const resend: string[] = []; // idempotency keys refused while Temporal was down
  let faults = 0;
  try {
    await waitUntilServing(api, proc);
    for (let k = 0; k < o.kills; k++) {
      submitted.push(...(await submitTasks(api, share(k), share(k + 1))));
      await sleep(rng.int(100, 2 * o.llmDelayMs));
      server.killNow();
      server = undefined;
      faults++;
      while (await portOpen(serverOpts.port)) await sleep(50);
      const downUntil = Date.now() + o.downMs;
      const key = `temporal-down-${k}`;
      const answers = await probeWhileDown(api, submitted[0]!.taskId, key);
      resend.push(key);
      for (const a of answers) {
        const p = downProblem(a);
        if (p) problems.push(`kill ${k + 1}: ${p}`);
      }
      log(`kill ${k + 1}: ${answers.map((a) => `${a.route} → ${a.status} ${a.code ?? ''} (${a.ms} ms)`).join('; ')}`);
      if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
        problems.push(`kill ${k + 1}: npm start exited while Temporal was down:\n${proc.output().slice(-2000)}`);
        break;
      }
      await sleep(Math.max(0, downUntil - Date.now()));
      server = await startDevServer(serverOpts);
      const upAt = Date.now();
      // Recovered: the API takes a task again (the one refused during the outage) and reads healthy.
      const again = await resubmit(api, key, 120_000);
      if (!again) problems.push(`kill ${k + 1}: ${key} not accepted within 120 s of Temporal's return`);
      else submitted.push(again);
      recoverMs.push(Date.now() - upAt);
      log(`kill ${k + 1}: Temporal down ${o.downMs} ms; API took tasks again ${recoverMs.at(-1)} ms after its return`);
    }
    if (server) submitted.push(...(await submitTasks(api, share(o.kills), o.tasks)));

    const books = await closeBooks(setup, notion, proc, submitted, problems, log);
    const expected = o.tasks + resend.length;
    return {
      row: {
        scenario: `temporal-kill: SIGKILL of the Temporal server ×${o.kills}, down ${Math.round(o.downMs / 1000)} s`,
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
    await server?.stop();
    await notion.notion.close();
    await setup.close();
  }
}
