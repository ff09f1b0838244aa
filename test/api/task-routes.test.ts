import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../support/pipeline-harness';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { createClient } from '../support/clients';

type ErrorJson = { error: { code: string; message: string; details?: { issues?: { field: string }[] } } };

describe('task API (app.request, real Temporal and database, no worker)', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform({ AI_INTEGRATIONS_OPENAI_API_KEY: 'sk-test-fake-key-123456' });
    await createClient(p.app, { clientId: 'lister', name: 'Lister', email: 'ops@lister.example' });
  });
  afterAll(async () => p.close());

  const post = (body: unknown) =>
    p.app.request('/api/tasks', { method: 'POST', headers: ADMIN, body: JSON.stringify(body) });

  it('validation errors name the field', async () => {
    const cases: [unknown, string][] = [
      [{ prompt: 'x' }, 'title'],
      [{ title: 'x', prompt: '   ' }, 'prompt'],
      [{ title: 'x', prompt: 'y', type: 'video' }, 'type'],
      [{ title: 'x', prompt: 'y', type: 'media' }, 'media.url'],
      [{ title: 'x', prompt: 'y', type: 'media', media: { url: 'ftp://host/a.mp3' } }, 'media.url'],
      [{ title: 'x', prompt: 'y', clientId: 'bad client!' }, 'clientId'],
      [{ title: 'x', prompt: 'y', colour: 'red' }, '(body)'],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = ((await res.json()) as ErrorJson).error;
      expect(err.code).toBe('validation_failed');
      expect(err.details!.issues!.map((i) => i.field)).toContain(field);
      if (field !== '(body)') expect(err.message).toContain(field);
    }
    const bad = await p.app.request('/api/tasks?limit=500&status=nope', { headers: ADMIN });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorJson).error.details!.issues!.map((i) => i.field).sort()).toEqual([
      'limit',
      'status',
    ]);
    const cursor = await p.app.request('/api/tasks?cursor=garbage', { headers: ADMIN });
    expect(((await cursor.json()) as ErrorJson).error.details!.issues![0]!.field).toBe('cursor');
  });

  it('needs the dashboard key; wrong methods get 405; unknown tasks 404', async () => {
    expect(
      (await p.app.request('/api/tasks', { method: 'POST', headers: { 'X-Forwarded-For': '10.9.9.9' }, body: '{}' }))
        .status,
    ).toBe(401);
    const wrong = await p.app.request('/api/tasks/abc/cancel', { headers: ADMIN });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect((await p.app.request('/api/tasks/nope', { headers: ADMIN })).status).toBe(404);
    expect((await p.app.request('/api/tasks/nope/cancel', { method: 'POST', headers: ADMIN })).status).toBe(404);
  });

  it('idempotencyKey: the same key returns the same task and starts one workflow', async () => {
    const body = { title: 'Once', prompt: 'Only once please', idempotencyKey: 'order-42' };
    const [a, b] = await Promise.all([post(body), post(body)]);
    const ja = (await a.json()) as { taskId: string; workflowId: string };
    const jb = (await b.json()) as { taskId: string };
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(jb.taskId).toBe(ja.taskId);
    const runs: string[] = [];
    for await (const w of p.client.workflow.list({ query: `WorkflowId = '${ja.workflowId}'` })) runs.push(w.runId);
    expect(runs).toHaveLength(1);
    const reused = await post({ ...body, prompt: 'Something else' });
    expect(reused.status).toBe(409);
    expect(((await reused.json()) as ErrorJson).error.code).toBe('idempotency_key_reused');
  });

  it('lists newest first with a cursor, filtered by status', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        ((await (await post({ title: `List ${i}`, prompt: 'p', clientId: 'lister' })).json()) as { taskId: string })
          .taskId,
      );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await p.app.request(`/api/tasks?limit=2&clientId=lister${cursor ? `&cursor=${cursor}` : ''}`, {
        headers: ADMIN,
      });
      expect(res.status).toBe(200);
      const page = (await res.json()) as {
        items: { taskId: string; status: string; costUsd: string }[];
        nextCursor: string | null;
      };
      expect(page.items.length).toBeLessThanOrEqual(2);
      for (const it of page.items) expect(it).toMatchObject({ status: 'queued', costUsd: '0.000000' });
      seen.push(...page.items.map((i) => i.taskId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    const done = (await (await p.app.request('/api/tasks?status=done&clientId=lister', { headers: ADMIN })).json()) as {
      items: unknown[];
    };
    expect(done.items).toEqual([]);
  });
});
