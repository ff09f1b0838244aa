import { afterEach, describe, expect, inject, it } from 'vitest';
import { NativeConnection, Worker } from '@temporalio/worker';
import { startOpenAiFake, type OpenAiFake } from '../fakes/openai-fake';
import { ADMIN } from '../support/pipeline-harness';
import { temporalAddress } from '../support/temporal';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

describe('fair share per client (Temporal Task Queue Fairness, key = client, weight = plan)', () => {
  let p: TestPlatform | undefined;
  let llm: OpenAiFake | undefined;
  afterEach(async () => {
    await p?.close();
    await llm?.close();
    p = undefined;
    llm = undefined;
  });

  const start = async (env: Record<string, string> = {}) => {
    llm = await startOpenAiFake();
    p = await createTestPlatform({
      AI_INTEGRATIONS_OPENAI_BASE_URL: llm.baseUrl,
      AI_INTEGRATIONS_OPENAI_API_KEY: 'sk-test-fake-key-123456',
      LLM_HEARTBEAT_SECONDS: '2',
      ...env,
    });
    return p;
  };
  const submit = async (clientId: string, title: string) => {
    const res = await p!.app.request('/api/tasks', {
      method: 'POST',
      headers: ADMIN,
      body: JSON.stringify({ title, prompt: 'Short work.', clientId }),
    });
    expect(res.status).toBe(202);
    return ((await res.json()) as { taskId: string }).taskId;
  };

  it('starts a task with its client as fairness key and the weight of the client plan from TASK_FAIRNESS_WEIGHTS', async () => {
    await start({ TASK_FAIRNESS_WEIGHTS: '{"standard":1,"pro":4}' });
    await p!.appDeps.payments.clients.insert({
      id: 'cli_pro',
      email: 'pro@example.com',
      rateCentsPerMin: 10,
      plan: 'pro',
    });
    // A plan TASK_FAIRNESS_WEIGHTS does not name weighs 1.
    await p!.appDeps.payments.clients.insert({
      id: 'walk-in',
      email: 'walk-in@example.com',
      rateCentsPerMin: 10,
      plan: 'basic',
    });
    const pro = await submit('cli_pro', 'Pro task');
    const unknown = await submit('walk-in', 'Walk-in task');
    const priority = async (id: string) =>
      (await p!.client.workflow.getHandle(`task-${id}`).describe()).raw.workflowExecutionInfo?.priority;
    expect(await priority(pro)).toMatchObject({ fairnessKey: 'cli_pro', fairnessWeight: 4 });
    expect(await priority(unknown)).toMatchObject({ fairnessKey: 'walk-in', fairnessWeight: 1 });
  });

  it('a flood of 30 tasks from client A does not hold client B: B’s 3 tasks, submitted last, finish within the first quarter', async () => {
    await start();
    for (const id of ['client-a', 'client-b'])
      await p!.appDeps.payments.clients.insert({ id, email: `${id}@example.com`, rateCentsPerMin: 10 });
    const flood: string[] = [];
    for (let i = 0; i < 30; i++) flood.push(await submit('client-a', `Flood ${i}`));
    const small: string[] = [];
    for (let i = 0; i < 3; i++) small.push(await submit('client-b', `Small ${i}`));
    // Everything waits on the queue; one small worker then serves it in the server's order. Without
    // fairness the queue is FIFO and B's tasks, written last, come out last.
    const connection = await NativeConnection.connect({ address: temporalAddress() });
    const worker = await Worker.create({
      connection,
      taskQueue: p!.taskQueue,
      activities: p!.activities,
      workflowBundle: { code: inject('workflowBundleCode') },
      maxConcurrentWorkflowTaskExecutions: 2,
      maxConcurrentActivityTaskExecutions: 1,
    });
    const running = worker.run();
    try {
      await Promise.all([...flood, ...small].map((id) => p!.client.workflow.getHandle(`task-${id}`).result()));
    } finally {
      worker.shutdown();
      await running;
      await connection.close();
    }
    const rows = await Promise.all(
      [...flood, ...small].map(async (id) => ({ id, at: (await p!.appDeps.tasks.get(id))!.completedAt!.getTime() })),
    );
    const order = rows.sort((a, b) => a.at - b.at).map((r) => r.id);
    const lastSmall = Math.max(...small.map((id) => order.indexOf(id)));
    // Served in turn they finish among the first few (measured: 2nd, 4th, 6th of 33); FIFO would make them the last 3.
    expect(lastSmall).toBeLessThan(order.length / 4);
  });
});
