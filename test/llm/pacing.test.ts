import { afterEach, describe, expect, it } from 'vitest';
import type { Worker } from '@temporalio/worker';
import { createLlmPacer } from '../../infra/llm/llm-pacer';
import { enforceRateLimit } from '../fakes/rate-limited-llm';
import { startPipeline, type PipelineHarness } from '../support/pipeline-harness';
import { createTestWorker } from '../support/temporal';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

const PER_SECOND = 5;

describe('LLM pacing to the provider limit (real dev server, real openai SDK, rate-limited stand-in)', () => {
  let h: PipelineHarness | undefined;
  const extra: { p: TestPlatform; worker: Worker; done: Promise<void> }[] = [];
  afterEach(async () => {
    for (const e of extra.splice(0)) {
      e.worker.shutdown();
      await e.done.catch(() => undefined);
      await e.p.close();
    }
    await h?.close();
    h = undefined;
  });

  const submitMany = (n: number) =>
    Promise.all(
      Array.from({ length: n }, (_, i) => h!.submit({ title: `Batch ${i}`, prompt: `Item ${i} of the batch.` })),
    );
  const expectPaced = (limit: ReturnType<typeof enforceRateLimit>) => {
    for (const model of ['gpt-4o', 'gpt-4o-mini']) {
      // Arrivals per one-second window at the stand-in: near the limit. A loaded machine delays some booked
      // calls into the next window, so a window may hold a few more; unpaced, a burst puts all of them in one.
      expect(Math.max(...limit.perSecond(model))).toBeLessThanOrEqual(PER_SECOND + 3);
    }
    // Unpaced, most calls of such a burst are answered 429.
    expect(limit.limitedShare()).toBeLessThanOrEqual(0.25);
  };

  it(
    'a burst of tasks against a 5 req/s limit: every task done, calls per second within the limit, few 429s',
    { timeout: 120_000 },
    async () => {
      h = await startPipeline({ LLM_RPM: String(PER_SECOND * 60) });
      const limit = enforceRateLimit(h.llm, { perSecond: PER_SECOND });
      const tasks = await submitMany(20);
      const results = await Promise.all(tasks.map((t) => h!.handle(t.taskId).result()));
      expect(results.every((r) => r.status === 'done')).toBe(true);
      // Every task's two calls were served (a step retried after a lost heartbeat may send one again).
      expect(limit.log.filter((c) => !c.limited).length).toBeGreaterThanOrEqual(40);
      expectPaced(limit);
    },
  );

  it('two workers with their own services over one database pace together', { timeout: 120_000 }, async () => {
    h = await startPipeline({ LLM_RPM: String(PER_SECOND * 60) });
    const limit = enforceRateLimit(h.llm, { perSecond: PER_SECOND });
    const p = await createTestPlatform(
      {
        TEMPORAL_TASK_QUEUE: h.p.taskQueue,
        AI_INTEGRATIONS_OPENAI_BASE_URL: h.llm.baseUrl,
        AI_INTEGRATIONS_OPENAI_API_KEY: 'sk-test-fake-key-123456',
        LLM_HEARTBEAT_SECONDS: '2',
        LLM_RPM: String(PER_SECOND * 60),
      },
      h.p.database,
    );
    const { worker } = await createTestWorker(h.p.taskQueue, p.activities);
    extra.push({ p, worker, done: worker.run() });
    const tasks = await submitMany(20);
    const results = await Promise.all(tasks.map((t) => h!.handle(t.taskId).result()));
    expect(results.every((r) => r.status === 'done')).toBe(true);
    expectPaced(limit);
  });

  it('learns the limit the provider states in x-ratelimit-limit-requests, and follows it when it changes', async () => {
    h = await startPipeline();
    let advertised = 120;
    enforceRateLimit(h.llm, { perSecond: 50, advertisedRpm: () => advertised });
    const pacer = createLlmPacer(h.p.database.db);
    const first = await h.submit({ title: 'One', prompt: 'First task.' });
    await h.handle(first.taskId).result();
    expect((await pacer.learned()).get('gpt-4o')).toMatchObject({ rpm: 120 });
    advertised = 240;
    const second = await h.submit({ title: 'Two', prompt: 'Second task.' });
    await h.handle(second.taskId).result();
    expect((await pacer.learned()).get('gpt-4o')).toMatchObject({ rpm: 240 });
    expect((await pacer.learned()).get('gpt-4o-mini')).toMatchObject({ rpm: 240 });
  });
});
