import type { NativeConnection, Worker } from '@temporalio/worker';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, jobReplays } from '../../infra/db/schema';
import { startOpenAiFake, type OpenAiFake } from '../fakes/openai-fake';
import { hoursAgo, insertFinished } from '../support/ledger-rows';
import { createTestWorker } from '../support/temporal';
import { adminHeaders } from '../support/test-config';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { terminateRunning } from '../support/workflow-runs';

type Replay = { workflowId: string; status: string; result: { taskId: string; status: string; run?: number } };

const headers = adminHeaders('10.38.0.1');

/** `POST /api/tasks/:taskId/replay` through the real taskReplay workflow and a worker. */
describe('one-task replay', () => {
  let p: TestPlatform;
  let llm: OpenAiFake;
  let worker: Worker;
  let connection: NativeConnection;
  let running: Promise<void>;
  beforeAll(async () => {
    llm = await startOpenAiFake();
    p = await createTestPlatform({
      AI_INTEGRATIONS_OPENAI_BASE_URL: llm.baseUrl,
      AI_INTEGRATIONS_OPENAI_API_KEY: 'sk-test-fake-key-123456',
    });
    ({ worker, connection } = await createTestWorker(p.taskQueue, p.activities));
    running = worker.run();
  }, 60_000);
  afterAll(async () => {
    await terminateRunning(p.client, p.taskQueue);
    worker.shutdown();
    await running;
    await connection.close();
    await p.close();
    await llm.close();
  });

  const replay = (taskId: string, body = '{"waitSeconds":30}') =>
    p.app.request(`/api/tasks/${taskId}/replay`, { method: 'POST', headers, body });
  const failed = () =>
    insertFinished(p.database.db, { status: 'failed', failureType: 'timeout', completedAt: hoursAgo(1) });

  it('re-runs a failed task to done, audited; the ledger counts one replay', async () => {
    const { taskId } = await failed();
    const res = await replay(taskId);
    expect(res.status).toBe(200);
    const out = (await res.json()) as Replay;
    expect(out).toMatchObject({
      workflowId: `task-replay-${taskId}-0`,
      status: 'completed',
      result: { taskId, status: 'started', run: 1 },
    });
    let status = '';
    for (let i = 0; i < 120 && status !== 'done'; i++) {
      const t = (await (await p.app.request(`/api/tasks/${taskId}`, { headers })).json()) as { status: string };
      status = t.status;
      if (status !== 'done') await new Promise((r) => setTimeout(r, 500));
    }
    expect(status).toBe('done');
    const rows = await p.database.db.select().from(jobReplays).where(eq(jobReplays.taskId, taskId));
    expect(rows).toHaveLength(1);
    const audit = (await p.database.db.select().from(auditLog)).filter((r) => r.action === 'task.replay');
    expect(audit.map((r) => r.subject)).toEqual([`task-replay-${taskId}-0`]);
  });

  it('a double click starts one run: both answers join the same replay', async () => {
    const { taskId } = await failed();
    const [a, b] = await Promise.all([replay(taskId), replay(taskId)]);
    const outs = [a, b].filter((r) => r.status === 200);
    expect(outs.length).toBeGreaterThanOrEqual(1);
    // The second click either joined the same workflow or found the task no longer failed (409).
    for (const r of [a, b]) expect([200, 409]).toContain(r.status);
    const rows = await p.database.db.select().from(jobReplays).where(eq(jobReplays.taskId, taskId));
    expect(rows).toHaveLength(1);
  });

  it('answers 409 unless the task failed, 404 for an unknown task, 400 naming a bad id or field', async () => {
    const done = await insertFinished(p.database.db, { status: 'done', qaScore: 90, completedAt: hoursAgo(1) });
    const conflict = await replay(done.taskId);
    expect(conflict.status).toBe(409);
    expect(JSON.stringify(await conflict.json())).toContain('only a failed task is replayed');
    expect((await replay('t-no-such-task')).status).toBe(404);
    const badId = await replay('bad%20id');
    expect(badId.status).toBe(400);
    expect(JSON.stringify(await badId.json())).toContain('taskId');
    const { taskId } = await failed();
    const badBody = await replay(taskId, '{"waitSeconds":"soon"}');
    expect(badBody.status).toBe(400);
    expect(JSON.stringify(await badBody.json())).toContain('waitSeconds');
    const unknown = await replay(taskId, '{"force":true}');
    expect(unknown.status).toBe(400);
    expect((await p.database.db.select().from(jobReplays).where(eq(jobReplays.taskId, taskId))).length).toBe(0);
  });

  it('answers GET with 405 naming POST', async () => {
    const res = await p.app.request('/api/tasks/t-x/replay', { headers });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });
});
