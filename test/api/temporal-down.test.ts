import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import type { ApiApp } from '../../api/app-env';
import { freePort } from '../support/free-port';
import { TEST_DASH_KEY } from '../support/test-config';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

const admin = { 'X-Dash-Key': TEST_DASH_KEY, 'X-Forwarded-For': '10.0.0.7', 'Content-Type': 'application/json' };

/**
 * The API over the same database while its Temporal server is gone (a client connected to a port
 * nobody listens on, as after the server was killed): what a caller reads then.
 */
describe('API while Temporal is down', () => {
  let p: TestPlatform;
  let down: ApiApp;
  let deadConnection: Connection;
  beforeAll(async () => {
    p = await createTestPlatform();
    deadConnection = Connection.lazy({ address: `127.0.0.1:${await freePort()}` });
    down = createApp({ ...p.appDeps, temporal: new Client({ connection: deadConnection, namespace: 'default' }) });
  });
  afterAll(async () => {
    await deadConnection.close();
    await p.close();
  });

  it('GET /health answers 503 naming the failed check within a few seconds', async () => {
    const started = Date.now();
    const res = await down.request('/health');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'down', checks: { temporal: 'fail', database: 'ok' } });
    // A liveness probe must read the answer, not time out (the SDK alone retries for about ten seconds).
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('POST /api/tasks answers 503 temporal_unavailable; the same key sent after the outage starts the task', async () => {
    const body = JSON.stringify({ title: 'During outage', prompt: 'Write a note.', idempotencyKey: 'temporal-down-1' });
    const refused = await down.request('/api/tasks', { method: 'POST', headers: admin, body });
    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual({
      error: { code: 'temporal_unavailable', message: 'Temporal is unreachable; try again shortly' },
    });

    const again = await p.app.request('/api/tasks', { method: 'POST', headers: admin, body });
    expect(again.status).toBe(202);
    const { workflowId } = (await again.json()) as { workflowId: string };
    const run = await p.client.workflow.getHandle(workflowId).describe();
    expect(run.status.name).toBe('RUNNING');
  });

  it('GET /api/tasks/:id of a running task answers from the ledger, without the live phase', async () => {
    const body = JSON.stringify({ title: 'Running', prompt: 'Write a note.' });
    const res = await p.app.request('/api/tasks', { method: 'POST', headers: admin, body });
    const { taskId } = (await res.json()) as { taskId: string };
    await p.appDeps.tasks.markRunning(taskId, 0, 'test-build');

    const started = Date.now();
    const view = await down.request(`/api/tasks/${taskId}`, { headers: admin });
    expect(view.status).toBe(200);
    const shown = (await view.json()) as Record<string, unknown>;
    expect(shown).toMatchObject({ taskId, status: 'running' });
    expect(shown.phase).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('GET /api/schedules answers 503 temporal_unavailable, not 500', async () => {
    const res = await down.request('/api/schedules', { headers: admin });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: 'temporal_unavailable' } });
  });
});
