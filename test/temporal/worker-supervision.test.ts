import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { dataConverterFor } from '../../infra/crypto/payload-encryption';
import { createLogger } from '../../infra/logger';
import { restartBudget } from '../../infra/system/restart-budget';
import { createWorker } from '../../worker/create-worker';
import { superviseWorker, type SupervisedWorker, type WorkerUnit } from '../../worker/supervise-worker';
import { heldReply, startOpenAiFake, type OpenAiFake } from '../fakes/openai-fake';
import { ADMIN } from '../support/pipeline-harness';
import { temporalAddress } from '../support/temporal';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';
import { executionsOf } from '../support/workflow-runs';

/** A pass-through codec that throws on encode while broken: the way a codec failure stops a worker. */
function breakableCodec(): PayloadCodec & { broken: boolean; failures: number } {
  const codec = {
    broken: false,
    failures: 0,
    encode(payloads: Payload[]): Promise<Payload[]> {
      if (!codec.broken) return Promise.resolve(payloads);
      codec.failures++;
      return Promise.reject(new Error('codec unavailable'));
    },
    decode: (payloads: Payload[]) => Promise.resolve(payloads),
  };
  return codec;
}

/**
 * A Temporal worker that stops with an error (here: its payload codec fails while an activity completes,
 * which ends `Worker.run()`) is replaced by a new one, and the task it was running finishes there. After
 * the restart budget is spent the supervisor gives up, so the process can exit for its own supervisor.
 */
describe('worker supervision (real dev server, real worker failure)', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'echopilot-supervise-'));
  const bundle = path.join(tmp, 'workflow-bundle.js');
  let llm: OpenAiFake | undefined;
  let p: TestPlatform | undefined;
  const connections: NativeConnection[] = [];
  let supervised: SupervisedWorker | undefined;
  afterAll(async () => {
    supervised?.shutdown();
    await supervised?.done;
    for (const c of connections.splice(0)) await c.close().catch(() => undefined); // closed already when its worker stopped
    await p?.close();
    await llm?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  async function setUp(codec: PayloadCodec) {
    llm = await startOpenAiFake();
    writeFileSync(bundle, inject('workflowBundleCode'));
    p = await createTestPlatform({
      AI_INTEGRATIONS_OPENAI_BASE_URL: llm.baseUrl,
      AI_INTEGRATIONS_OPENAI_API_KEY: 'sk-test-fake-key-123456',
      LLM_HEARTBEAT_SECONDS: '5',
    });
    const platform = p;
    // Each worker on a connection of its own: a failed worker stays registered on its connection.
    return async (): Promise<WorkerUnit> => {
      const connection = await NativeConnection.connect({ address: temporalAddress() });
      connections.push(connection);
      const worker = await createWorker({
        connection,
        namespace: 'default',
        taskQueue: platform.taskQueue,
        activities: platform.activities,
        buildId: 'test-build',
        mode: 'test',
        workflowBundlePath: bundle,
        dataConverter: { ...dataConverterFor(undefined), payloadCodecs: [codec] },
      });
      return { worker, close: () => connection.close() };
    };
  }

  /** Stops what a previous test left, then a fresh platform whose next task fails its worker. */
  async function freshSetUp() {
    supervised?.shutdown();
    await supervised?.done;
    for (const c of connections.splice(0)) await c.close().catch(() => undefined); // closed when its worker stopped
    await p?.close();
    await llm?.close();
    const codec = breakableCodec();
    return { codec, create: await setUp(codec) };
  }

  /** Submits a task and breaks the codec while its generate call answers: the worker fails. */
  async function failWorkerOnNextTask(codec: ReturnType<typeof breakableCodec>) {
    const held = heldReply();
    llm!.generate.push(held.reply);
    const res = await p!.app.request('/api/tasks', {
      method: 'POST',
      headers: ADMIN,
      body: JSON.stringify({ title: 'Board memo', prompt: 'Write the board memo.' }),
    });
    expect(res.status).toBe(202);
    const task = (await res.json()) as { taskId: string; workflowId: string };
    await llm!.nextCall('generate');
    codec.broken = true; // the answer arrives while the codec cannot encode it
    held.release();
    return task;
  }

  it('replaces a worker that failed; the task in flight finishes once on the new one', async () => {
    const { codec, create } = await freshSetUp();
    const logger = createLogger({ level: 'silent', secrets: [] });
    let gaveUp: unknown;
    let created = 0;
    supervised = superviseWorker(await create(), {
      name: 'worker',
      create: async () => {
        created++;
        codec.broken = false; // the cause went away (the database is back)
        return create();
      },
      logger,
      onGiveUp: (err) => (gaveUp = err),
      budget: restartBudget({ firstDelayMs: 100 }),
    });
    const first = supervised.current;

    const { taskId, workflowId } = await failWorkerOnNextTask(codec);

    await waitFor('the first worker to fail', () => first.getState() === 'FAILED');
    await waitFor('a replacement worker', () => supervised!.restarts === 1 && supervised!.current !== first);
    const result = await p!.client.workflow.getHandle(workflowId).result();
    expect(result).toMatchObject({ status: 'done' });
    expect(codec.failures).toBeGreaterThan(0);
    expect(created).toBe(1);
    expect(gaveUp).toBeUndefined();
    expect(await executionsOf(p!.client, workflowId)).toHaveLength(1);
    const steps = await p!.appDeps.tasks.steps(taskId);
    expect(steps.map((s) => `${s.run}/${s.attempt}/${s.step}`)).toEqual(['0/1/generate', '0/1/qa']); // once each
    expect(supervised.current.getState()).toBe('RUNNING');

    supervised.shutdown();
    await supervised.done;
    expect(supervised.current.getState()).toBe('STOPPED');
  }, 90_000);

  it('gives up once its restarts are spent and reports why', async () => {
    const { codec, create } = await freshSetUp();
    let gaveUp: unknown;
    let attempts = 0;
    supervised = superviseWorker(await create(), {
      name: 'worker',
      // Every replacement fails to build: a bundle that is gone.
      create: () => {
        attempts++;
        rmSync(bundle, { force: true });
        return create();
      },
      logger: createLogger({ level: 'silent', secrets: [] }),
      onGiveUp: (err) => (gaveUp = err),
      budget: restartBudget({ max: 2, firstDelayMs: 50 }),
    });
    await failWorkerOnNextTask(codec);
    await supervised.done;
    expect(attempts).toBe(2);
    expect(String(gaveUp)).toContain('No workflow bundle at');
  }, 90_000);

  it('a worker on a shared connection is not replaced: it gives up at once', async () => {
    const { codec, create } = await freshSetUp();
    const { worker } = await create(); // its connection stands for the API client's (no close)
    let gaveUp: unknown;
    let attempts = 0;
    supervised = superviseWorker(
      { worker },
      {
        name: 'worker',
        create: () => {
          attempts++;
          return create();
        },
        logger: createLogger({ level: 'silent', secrets: [] }),
        onGiveUp: (err) => (gaveUp = err),
      },
    );
    await failWorkerOnNextTask(codec);
    await supervised.done;
    expect(attempts).toBe(0);
    expect(gaveUp).toBeInstanceOf(Error);
  }, 90_000);
});
