import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { runPlatform, type RunningPlatform } from '../../cli/platform';
import type { processTask } from '../../workflows/process-task';
import { temporal } from '@temporalio/proto';
import { PACE_FACTOR } from '../../domain/llm-limits';
import { llmTaskQueueName } from '../../domain/llm-task-queues';
import { createLogger } from '../../infra/logger';
import { startOpenAiFake, type OpenAiFake } from '../fakes/openai-fake';
import { enforceRateLimit } from '../fakes/rate-limited-llm';
import { temporalAddress } from '../support/temporal';
import { adminHeaders } from '../support/test-config';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

const PER_SECOND = 5;
const ADMIN = adminHeaders('10.1.7.11');

/**
 * Two worker processes as `echopilot worker` builds them (cli/platform.ts runPlatform: the task queue's
 * worker plus the per-model LLM task queues' workers), in this process, each with its own connection and
 * services over one database: Temporal's dispatch rate on the LLM queues is the first layer of pacing, the
 * gate in the activity (activities/llm-pacing.ts) the second.
 */
describe('LLM task queues paced by Temporal (real dev server, two platform workers, rate-limited stand-in)', () => {
  let llm: OpenAiFake | undefined;
  let api: TestPlatform | undefined;
  const running: { platform: RunningPlatform; connection: NativeConnection }[] = [];
  let dir: string | undefined;
  afterEach(async () => {
    for (const r of running.splice(0)) {
      await r.platform.stop();
      await r.connection.close();
    }
    await api?.close();
    await llm?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    api = llm = dir = undefined;
  });

  async function startTwoWorkers(
    env: Record<string, string>,
    provider: Parameters<typeof enforceRateLimit>[1] = { perSecond: PER_SECOND },
  ) {
    llm = await startOpenAiFake();
    api = await createTestPlatform({
      AI_INTEGRATIONS_OPENAI_BASE_URL: llm.baseUrl,
      AI_INTEGRATIONS_OPENAI_API_KEY: 'sk-test-fake-key-123456',
      LLM_HEARTBEAT_SECONDS: '2',
      LLM_RPM: String(PER_SECOND * 60),
      APP_METRICS_PORT: '0',
      ...env,
    });
    dir = mkdtempSync(path.join(os.tmpdir(), 'echopilot-llm-queue-'));
    const bundle = path.join(dir, 'workflows.js');
    writeFileSync(bundle, inject('workflowBundleCode'));
    for (const n of [1, 2]) {
      const connection = await NativeConnection.connect({ address: temporalAddress() });
      const platform = await runPlatform({
        config: api.config,
        logger: createLogger({ level: 'silent', secrets: api.config.secretValues }),
        database: api.database,
        temporal: api.client,
        buildId: `test-build-${n}`,
        workerConnection: connection,
        workflowBundlePath: bundle,
        serveApi: false,
      });
      running.push({ platform, connection });
    }
    const limit = enforceRateLimit(llm, provider);
    const submit = async (i: number) => {
      const res = await api!.app.request('/api/tasks', {
        method: 'POST',
        headers: ADMIN,
        body: JSON.stringify({ title: `Batch ${i}`, prompt: `Item ${i} of the batch.` }),
      });
      expect(res.status).toBe(202);
      return ((await res.json()) as { taskId: string }).taskId;
    };
    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => submit(i)));
    const results = await Promise.all(
      ids.map((id) => api!.client.workflow.getHandle<typeof processTask>(`task-${id}`).result()),
    );
    return { ids, results, limit };
  }

  /** The dispatch rate the server holds a model's LLM task queue to, and who set it (worker or API). */
  async function queueRate(model: string) {
    const d = await api!.client.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: llmTaskQueueName(api!.taskQueue, model) },
      taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
      reportConfig: true,
    });
    return d.effectiveRateLimit;
  }

  /** The task queue of each LLM call the run scheduled, as its history records it. */
  async function llmQueuesOf(taskId: string): Promise<string[]> {
    const history = await api!.client.workflow.getHandle(`task-${taskId}`).fetchHistory();
    return (history.events ?? []).flatMap((e) => {
      const a = e.activityTaskScheduledEventAttributes;
      const name = a?.activityType?.name;
      return name === 'generateAnswer' || name === 'evaluateAnswer' ? [`${name} ${a?.taskQueue?.name}`] : [];
    });
  }

  it(
    "two workers, both layers: every LLM call goes through its model's queue and the calls per second stay within the limit",
    { timeout: 180_000 },
    async () => {
      const { ids, results, limit } = await startTwoWorkers({});
      expect(results.every((r) => r.status === 'done')).toBe(true);
      const q = api!.taskQueue;
      expect(running.map((r) => r.platform.llmWorkers.length)).toEqual([2, 2]);
      expect(await llmQueuesOf(ids[0]!)).toEqual([
        `generateAnswer ${llmTaskQueueName(q, 'gpt-4o')}`,
        `evaluateAnswer ${llmTaskQueueName(q, 'gpt-4o-mini')}`,
      ]);
      for (const model of ['gpt-4o', 'gpt-4o-mini']) {
        // Counted at the stand-in per one-second window. Each call sleeps until the slot the shared pacer
        // booked for it, but on this loaded 2-core machine the test process (four workers and the API) can
        // stall for most of a second and then send the calls whose slots passed together: up to a
        // second's worth more. Unpaced, the 20 tasks' calls arrive in one window.
        expect(Math.max(...limit.perSecond(model)), model).toBeLessThanOrEqual(2 * PER_SECOND + 1);
      }
      expect(limit.limitedShare()).toBeLessThanOrEqual(0.25);
      // The server holds each LLM queue to the model's limit at the pacer's share, as the workers set it.
      for (const model of ['gpt-4o', 'gpt-4o-mini']) {
        const rate = await queueRate(model);
        expect(rate?.requestsPerSecond, model).toBeCloseTo((PER_SECOND * 60 * PACE_FACTOR) / 60, 5);
        expect(rate?.rateLimitSource, model).toBe(temporal.api.enums.v1.RateLimitSource.RATE_LIMIT_SOURCE_WORKER);
      }
    },
  );

  it(
    'a provider limit below the configured one, learned from its headers, holds both workers and the Temporal queue to it',
    { timeout: 180_000 },
    async () => {
      // Configured 10/s; the provider allows 3/s and says so (x-ratelimit-limit-requests: 180).
      const stated = 3;
      const { results, limit } = await startTwoWorkers(
        { LLM_RPM: String(10 * 60) },
        { perSecond: stated, advertisedRpm: () => stated * 60 },
      );
      expect(results.every((r) => r.status === 'done')).toBe(true);
      for (const model of ['gpt-4o', 'gpt-4o-mini']) {
        // The worker that learned the limit set it on the server: every poller of the queue now gets it.
        const rate = await queueRate(model);
        expect(rate?.requestsPerSecond, model).toBeCloseTo((stated * 60 * PACE_FACTOR) / 60, 5);
        expect(rate?.rateLimitSource, model).toBe(temporal.api.enums.v1.RateLimitSource.RATE_LIMIT_SOURCE_API);
        // The first calls go out at the configured 10/s until the first answer states the limit; after that
        // the stand-in sees the stated rate (plus what a stalled event loop releases together, as above).
        expect(Math.max(...limit.perSecond(model).slice(2)), model).toBeLessThanOrEqual(2 * stated + 1);
      }
      // Calls that the old rate sent early may be answered 429 (and wait as asked); most are not.
      expect(limit.limitedShare()).toBeLessThanOrEqual(0.25);
    },
  );
});
