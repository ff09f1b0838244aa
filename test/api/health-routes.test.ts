import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorker } from '../support/temporal';
import { TEST_DASH_KEY } from '../support/test-config';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

const admin = { 'X-Dash-Key': TEST_DASH_KEY, 'X-Forwarded-For': '10.0.0.1' };

describe('health API (app.request, real Temporal and database)', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform();
  });
  afterAll(async () => p.close());

  it('GET /health is public and reports Temporal and database', async () => {
    const res = await p.app.request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      checks: { temporal: 'ok', database: 'ok' },
      buildId: 'test-build',
    });
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('GET /api/system-health needs the key and returns the five checks', async () => {
    expect((await p.app.request('/api/system-health', { headers: { 'X-Forwarded-For': '10.0.0.50' } })).status).toBe(
      401,
    );
    const res = await p.app.request('/api/system-health', { headers: admin });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { checks: { name: string }[]; status: string };
    expect(body.checks.map((c) => c.name)).toEqual(['temporal', 'database', 'workers', 'llm', 'integrations']);
    expect(body.status).toBe('degraded'); // no worker polls this fresh task queue
  });

  it('POST /api/self-test runs the healthProbe workflow and its report shows in system-health', async () => {
    const { worker, connection } = await createTestWorker(p.taskQueue, p.activities);
    const res = await worker.runUntil(
      Promise.resolve(
        p.app.request('/api/self-test', { method: 'POST', headers: admin, body: JSON.stringify({ waitSeconds: 30 }) }),
      ),
    );
    await connection.close();
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      workflowId: string;
      status: string;
      report: { reportId: number; status: string };
    };
    expect(body).toMatchObject({ status: 'completed', report: { status: 'ok' } });
    const health = (await (await p.app.request('/api/system-health', { headers: admin })).json()) as {
      lastProbe: unknown;
    };
    expect(health.lastProbe).toMatchObject({
      id: body.report.reportId,
      source: 'self-test',
      workflowId: body.workflowId,
    });
  });

  it('answers errors in the README shape', async () => {
    const notFound = await p.app.request('/no/such/route');
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toEqual({ error: { code: 'not_found', message: 'No route for GET /no/such/route' } });

    const wrongMethod = await p.app.request('/api/self-test', { headers: admin });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect(((await wrongMethod.json()) as { error: { message: string } }).error.message).toContain('Use POST');

    const badJson = await p.app.request('/api/self-test', { method: 'POST', headers: admin, body: '{"waitSeconds": ' });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({
      error: { code: 'invalid_json', message: expect.stringContaining('not valid JSON') },
    });

    const badField = await p.app.request('/api/self-test', {
      method: 'POST',
      headers: admin,
      body: '{"waitSeconds": "soon"}',
    });
    expect(badField.status).toBe(400);
    const err = (
      (await badField.json()) as { error: { code: string; message: string; details: { issues: { field: string }[] } } }
    ).error;
    expect(err.code).toBe('validation_failed');
    expect(err.message).toContain('waitSeconds');
    expect(err.details.issues[0]!.field).toBe('waitSeconds');

    const tooBig = await p.app.request('/api/self-test', {
      method: 'POST',
      headers: admin,
      body: 'x'.repeat(1024 * 1024 + 1),
    });
    expect(tooBig.status).toBe(413);
  });

  it('gives the same 401 for a missing and a wrong key, without saying which', async () => {
    const missing = await p.app.request('/api/system-health', { headers: { 'X-Forwarded-For': '10.0.0.60' } });
    const wrong = await p.app.request('/api/system-health', {
      headers: { 'X-Forwarded-For': '10.0.0.61', 'X-Dash-Key': 'nope' },
    });
    expect(missing.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(await missing.json()).toEqual(await wrong.json());
  });
});
