import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Database } from '../../infra/db/open-database';
import { PROJECT_ROOT } from '../../infra/paths';
import { startOpenAiFake, type ChatCall, type OpenAiFake } from '../fakes/openai-fake';
import { ADMIN } from '../support/pipeline-harness';
import { createTestWorker, temporalAddress, uniqueTaskQueue } from '../support/temporal';
import { TEST_DASH_KEY } from '../support/test-config';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';
import { executionsOf } from '../support/workflow-runs';

/**
 * A worker process killed with SIGKILL in the middle of an LLM call (no shutdown, no grace, no
 * heartbeat ever again), then a new worker: the task completes exactly once.
 *
 * The database: PGlite lives inside one process, so the two processes never have it open at the same
 * time. It is a PGlite data directory on disk, as in the embedded (`echopilot start`) deployment: this
 * test process creates the task in it and closes it, the child worker owns it until it is killed, then
 * this process opens it again, after PostgreSQL's crash recovery, and checks what the dead worker
 * wrote before a new worker finishes the task over the same directory.
 */
const BUILD_ID = 'killed-worker';

interface Child {
  proc: ChildProcess;
  output: () => string;
  exited: Promise<NodeJS.Signals | number | null>;
}

function spawnWorker(env: Record<string, string>, dir: string, bundle: string): Child {
  let out = '';
  const proc = spawn(process.execPath, ['--import', 'tsx', 'test/support/worker-process.ts', dir, bundle, BUILD_ID], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout.on('data', (d) => (out += String(d)));
  proc.stderr.on('data', (d) => (out += String(d)));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    proc.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  return { proc, output: () => out, exited };
}

/** Resolves with the first generate call, or fails if the child dies (or stalls) before it arrives. */
async function firstGenerateCall(llm: OpenAiFake, child: Child, timeoutMs = 90_000): Promise<ChatCall> {
  let timer: NodeJS.Timeout | undefined;
  const fail = (why: string) => new Error(`${why}; worker output:\n${child.output()}`);
  try {
    return await Promise.race([
      llm.nextCall('generate'),
      child.exited.then((how) => Promise.reject(fail(`worker exited (${String(how)}) before the LLM call`))),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(fail('no LLM call in time')), timeoutMs))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

describe('a worker process killed with SIGKILL mid-generation (real dev server, PGlite on disk)', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'echopilot-kill-'));
  const dir = path.join(tmp, 'pglite');
  const bundle = path.join(tmp, 'workflow-bundle.js');
  let llm: OpenAiFake | undefined;
  let child: Child | undefined;
  let p: TestPlatform | undefined;
  let database: Database | undefined;
  afterAll(async () => {
    child?.proc.kill('SIGKILL');
    await p?.close();
    await database?.close();
    await llm?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('a new worker completes the task once: same run, no duplicate ledger rows, one charge', async () => {
    llm = await startOpenAiFake();
    writeFileSync(bundle, inject('workflowBundleCode'));
    const taskQueue = uniqueTaskQueue('kill');
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DASHBOARD_KEY: TEST_DASH_KEY,
      TEMPORAL_ADDRESS: temporalAddress(),
      TEMPORAL_TASK_QUEUE: taskQueue,
      AI_INTEGRATIONS_OPENAI_BASE_URL: llm.baseUrl,
      AI_INTEGRATIONS_OPENAI_API_KEY: 'sk-test-fake-key-123456',
      // 5 s, not less: on a loaded machine the event loop stalls for seconds, and a heartbeat missed
      // for that reason retries a call that was fine (one more LLM call than the test expects).
      LLM_HEARTBEAT_SECONDS: '5',
      DATA_DIR: tmp,
    };

    // 1. Submit through the real API over the on-disk database; no worker polls the queue yet.
    database = await openDatabase({ kind: 'pglite', dir });
    p = await createTestPlatform(env, database);
    const res = await p.app.request('/api/tasks', {
      method: 'POST',
      headers: ADMIN,
      body: JSON.stringify({ title: 'Board memo', prompt: 'Write the board memo.' }),
    });
    expect(res.status).toBe(202);
    const { taskId, workflowId } = (await res.json()) as { taskId: string; workflowId: string };
    await p.close();
    await database.close();
    p = database = undefined;

    // 2. The worker process takes the task; its first LLM call never gets an answer.
    llm.generate.push({ hang: true });
    child = spawnWorker(env, dir, bundle);
    const first = await firstGenerateCall(llm, child);

    // 3. SIGKILL: no shutdown, no activity completion, no heartbeat; the socket dies with the process.
    child.proc.kill('SIGKILL');
    expect(await child.exited).toBe('SIGKILL');
    await waitFor('the in-flight LLM request to be torn down', () => first.aborted);

    // 4. The same data directory, opened after the crash: what the dead worker committed is there.
    database = await openDatabase({ kind: 'pglite', dir });
    p = await createTestPlatform(env, database);
    expect(await p.appDeps.tasks.get(taskId)).toMatchObject({ status: 'running', buildId: BUILD_ID, replayCount: 0 });
    expect(await p.appDeps.tasks.steps(taskId)).toEqual([]);
    const runId = (await p.client.workflow.getHandle(workflowId).describe()).runId;

    // 5. A new worker on the queue: the abandoned attempt times out (heartbeat) and is retried there.
    const second = await createTestWorker(taskQueue, p.activities);
    try {
      const result: unknown = await second.worker.runUntil(p.client.workflow.getHandle(workflowId).result());
      expect(result).toMatchObject({ status: 'done' });
    } finally {
      await second.connection.close();
    }

    expect(await executionsOf(p.client, workflowId)).toEqual([{ runId, type: 'processTask', status: 'COMPLETED' }]); // the same run, never restarted
    expect(llm.calls.map((c) => c.kind)).toEqual(['generate', 'generate', 'qa']); // the lost call, its retry, QA
    const steps = await p.appDeps.tasks.steps(taskId);
    expect(steps.map((s) => `${s.run}/${s.attempt}/${s.step}`)).toEqual(['0/1/generate', '0/1/qa']);
    const task = await p.app.request(`/api/tasks/${taskId}`, { headers: ADMIN });
    expect(await task.json()).toMatchObject({
      status: 'done',
      result: 'Answer number 2',
      costUsd: '0.007542',
      attempts: [{ n: 1, qaScore: 90 }],
    });
    // loadTask ran once, in the killed process: the new worker replayed it from history instead of re-running it.
    expect(await p.appDeps.tasks.get(taskId)).toMatchObject({ buildId: BUILD_ID });
  }, 180_000);
});
