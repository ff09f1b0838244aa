import type { WorkflowHandle } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import type { processTask } from '../../workflows/process-task';
import { startOpenAiFake, type OpenAiFake } from '../fakes/openai-fake';
import { createTestWorker } from './temporal';
import { adminHeaders } from './test-config';
import { createTestPlatform, type TestPlatform } from './test-platform';

export const ADMIN = adminHeaders('10.1.0.1');

export interface PipelineHarness {
  p: TestPlatform;
  llm: OpenAiFake;
  worker: Worker;
  workerConnection: NativeConnection;
  workerDone: Promise<void>;
  /** POST /api/tasks through the real app; returns the 202 body. */
  submit(body: Record<string, unknown>): Promise<{ taskId: string; workflowId: string; status: string }>;
  handle(taskId: string): WorkflowHandle<typeof processTask>;
  getTask(taskId: string): Promise<Record<string, unknown> & { status: string }>;
  close(): Promise<void>;
}

/** Real platform + fake OpenAI-compatible server + a running worker on a fresh task queue. */
export async function startPipeline(
  env: Record<string, string | undefined> = {},
  opts: { withKey?: boolean; encrypted?: boolean } = {},
): Promise<PipelineHarness> {
  const llm = await startOpenAiFake();
  const p = await createTestPlatform(
    {
      AI_INTEGRATIONS_OPENAI_BASE_URL: llm.baseUrl,
      AI_INTEGRATIONS_OPENAI_API_KEY: opts.withKey === false ? undefined : 'sk-test-fake-key-123456',
      // 5 s, not less: on a loaded machine the event loop stalls for seconds, and a heartbeat missed
      // for that reason retries a call that was fine (one more LLM call than the test expects).
      LLM_HEARTBEAT_SECONDS: '5',
      ...env,
    },
    undefined,
    { encrypted: opts.encrypted },
  );
  const { worker, connection } = await createTestWorker(
    p.taskQueue,
    p.activities,
    p.encryption ? p.encryption.dataConverter : undefined,
  );
  const workerDone = worker.run();
  const h: PipelineHarness = {
    p,
    llm,
    worker,
    workerConnection: connection,
    workerDone,
    async submit(body) {
      const res = await p.app.request('/api/tasks', { method: 'POST', headers: ADMIN, body: JSON.stringify(body) });
      if (res.status !== 202) throw new Error(`submit: ${res.status} ${await res.text()}`);
      return (await res.json()) as { taskId: string; workflowId: string; status: string };
    },
    handle: (taskId) => p.client.workflow.getHandle(`task-${taskId}`),
    async getTask(taskId) {
      const res = await p.app.request(`/api/tasks/${taskId}`, { headers: ADMIN });
      if (res.status !== 200) throw new Error(`get: ${res.status} ${await res.text()}`);
      return (await res.json()) as Record<string, unknown> & { status: string };
    },
    async close() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await workerDone.catch(() => undefined);
      await connection.close();
      await p.close();
      await llm.close();
    },
  };
  return h;
}
