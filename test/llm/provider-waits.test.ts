import { afterEach, describe, expect, it } from 'vitest';
import { createAlertStore } from '../../infra/db/repositories/alert-store';
import type { FakeReply } from '../fakes/openai-fake';
import { startPipeline, type PipelineHarness } from '../support/pipeline-harness';
import { waitFor } from '../support/wait-for';

const rateLimited = (ms: number): FakeReply => ({
  status: 429,
  message: 'Rate limit reached for requests',
  type: 'requests',
  code: 'rate_limit_exceeded',
  headers: { 'retry-after-ms': String(ms), 'x-ratelimit-limit-requests': '60', 'x-ratelimit-remaining-requests': '0' },
});

describe('LLM provider waits: a 429 or an outage is not a failure (real dev server, real openai SDK)', () => {
  let h: PipelineHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('a 429 storm longer than the old attempt limit: the task waits as asked each time and finishes done', async () => {
    h = await startPipeline();
    // Twelve 429s in a row: twice the six attempts that used to fail a task.
    for (let i = 0; i < 12; i++) h.llm.generate.push(rateLimited(50));
    const { taskId } = await h.submit({ title: 'Storm', prompt: 'Answer despite the rate limit.' });
    const result = await h.handle(taskId).result();
    expect(result.status).toBe('done');
    expect(h.llm.calls.filter((c) => c.kind === 'generate')).toHaveLength(13);
    expect(await h.getTask(taskId)).toMatchObject({ status: 'done', result: 'Answer number 13' });
  });

  it('outage window: tasks show waiting_for_provider, one alert after LLM_OUTAGE_ALERT_AFTER, one on recovery, all finish', async () => {
    h = await startPipeline({ LLM_OUTAGE_ALERT_AFTER: '1s' });
    let down = true;
    const base = h.llm.defaults.generate;
    h.llm.defaults.generate = (call, n) =>
      down ? { status: 503, message: 'The server is overloaded', type: 'server_error' } : base(call, n);
    const tasks = await Promise.all(
      [1, 2, 3].map((i) => h!.submit({ title: `Outage ${i}`, prompt: `Task ${i} during an outage.` })),
    );

    const waiting = await waitFor('a task waiting for the provider', async () => {
      const v = await h!.getTask(tasks[0]!.taskId);
      return v.phase === 'waiting_for_provider' ? v : undefined;
    });
    expect(waiting).toMatchObject({ status: 'running', providerWait: { lastError: expect.stringContaining('503') } });
    const alerts = createAlertStore(h.p.database.db);
    const keys = async () => (await alerts.recent(100)).map((a) => a.key);
    await waitFor('the outage alert', async () => (await keys()).some((k) => k.startsWith('llm-provider-down:')));
    // Several more failed tries across three tasks while still down: still one alert.
    const before = h.llm.calls.length;
    await waitFor('more failed tries', () => h!.llm.calls.length >= before + 3, 60_000);
    expect((await keys()).filter((k) => k.startsWith('llm-provider-down:'))).toHaveLength(1);

    down = false;
    const results = await Promise.all(tasks.map((t) => h!.handle(t.taskId).result()));
    expect(results.map((r) => r.status)).toEqual(['done', 'done', 'done']);
    const all = await keys();
    expect(all.filter((k) => k.startsWith('llm-provider-down:'))).toHaveLength(1);
    expect(all.filter((k) => k.startsWith('llm-provider-recovered:'))).toHaveLength(1);
    for (const t of tasks) expect(await h.getTask(t.taskId)).toMatchObject({ status: 'done' });
  });

  it('a rejection (401) still fails at once with the provider reason, and is no outage', async () => {
    h = await startPipeline({ LLM_OUTAGE_ALERT_AFTER: '1ms' });
    h.llm.generate.push({
      status: 401,
      message: 'Incorrect API key provided',
      type: 'invalid_request_error',
      code: 'invalid_api_key',
    });
    const { taskId } = await h.submit({ title: 'Rejected', prompt: 'This key is wrong.' });
    await h
      .handle(taskId)
      .result()
      .catch(() => undefined);
    expect(await h.getTask(taskId)).toMatchObject({
      status: 'failed',
      failure: { type: 'llm_rejected', reason: expect.stringContaining('Incorrect API key') },
    });
    expect(h.llm.calls).toHaveLength(1);
    expect(
      (await createAlertStore(h.p.database.db).recent(100)).filter((a) => a.key.startsWith('llm-provider')),
    ).toEqual([]);
  });
});
