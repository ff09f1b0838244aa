import { afterEach, describe, expect, it } from 'vitest';
import { NativeConnection, Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { startOpenAiFake, type OpenAiFake } from '../fakes/openai-fake';
import { ADMIN } from '../support/pipeline-harness';
import { temporalAddress } from '../support/temporal';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

describe('task priority (POST /api/tasks priority 1–5, Temporal Priority)', () => {
  let p: TestPlatform | undefined;
  let llm: OpenAiFake | undefined;
  afterEach(async () => {
    await p?.close();
    await llm?.close();
    p = undefined;
    llm = undefined;
  });

  const post = (body: Record<string, unknown>) =>
    p!.app.request('/api/tasks', { method: 'POST', headers: ADMIN, body: JSON.stringify(body) });

  it('refuses a priority out of range or not an integer with a 400 naming the field; stores and shows a valid one', async () => {
    llm = await startOpenAiFake();
    p = await createTestPlatform({
      AI_INTEGRATIONS_OPENAI_BASE_URL: llm.baseUrl,
      AI_INTEGRATIONS_OPENAI_API_KEY: 'sk-test-fake-key-123456',
    });
    for (const priority of [0, 6, 2.5, '1', null]) {
      const res = await post({ title: 'T', prompt: 'P', priority });
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toContain('priority');
    }
    const urgent = (await (await post({ title: 'T', prompt: 'P', priority: 1 })).json()) as { taskId: string };
    const plain = (await (await post({ title: 'T', prompt: 'P' })).json()) as { taskId: string };
    const get = async (id: string) =>
      (await (await p!.app.request(`/api/tasks/${id}`, { headers: ADMIN })).json()) as { priority: number };
    expect((await get(urgent.taskId)).priority).toBe(1);
    expect((await get(plain.taskId)).priority).toBe(3);
    const d = await p.client.workflow.getHandle(`task-${urgent.taskId}`).describe();
    expect(d.raw.workflowExecutionInfo?.priority?.priorityKey).toBe(1);
  });

  it('a priority 1 task submitted behind a backlog of 20 priority 5 tasks finishes in the first half', async () => {
    llm = await startOpenAiFake();
    p = await createTestPlatform({
      AI_INTEGRATIONS_OPENAI_BASE_URL: llm.baseUrl,
      AI_INTEGRATIONS_OPENAI_API_KEY: 'sk-test-fake-key-123456',
      LLM_HEARTBEAT_SECONDS: '2',
    });
    const backlog: string[] = [];
    for (let i = 0; i < 20; i++)
      backlog.push(
        ((await (await post({ title: `Bulk ${i}`, prompt: 'Bulk work.', priority: 5 })).json()) as { taskId: string })
          .taskId,
      );
    const urgent = ((await (await post({ title: 'Urgent', prompt: 'Now.', priority: 1 })).json()) as { taskId: string })
      .taskId;
    // The backlog waits on the queue; one small worker then serves it in the server's order.
    const connection = await NativeConnection.connect({ address: temporalAddress() });
    const worker = await Worker.create({
      connection,
      taskQueue: p.taskQueue,
      activities: p.activities,
      workflowBundle: { code: inject('workflowBundleCode') },
      maxConcurrentWorkflowTaskExecutions: 2,
      maxConcurrentActivityTaskExecutions: 1,
    });
    const running = worker.run();
    try {
      await Promise.all([...backlog, urgent].map((id) => p!.client.workflow.getHandle(`task-${id}`).result()));
    } finally {
      worker.shutdown();
      await running;
      await connection.close();
    }
    const rows = await Promise.all(
      [...backlog, urgent].map(async (id) => ({ id, at: (await p!.appDeps.tasks.get(id))!.completedAt!.getTime() })),
    );
    const order = rows.sort((a, b) => a.at - b.at).map((r) => r.id);
    expect(order.indexOf(urgent)).toBeLessThan(10);
  });
});
