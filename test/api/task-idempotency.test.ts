import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../support/pipeline-harness';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { createClient } from '../support/clients';

type Answer = {
  taskId?: string;
  error?: { code: string; message: string; details?: { field: string; differingFields: string[] } };
};

describe('#16 an idempotencyKey compares the whole request (app.request, real Temporal and database)', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform({ AI_INTEGRATIONS_OPENAI_API_KEY: 'sk-test-fake-key-123456' });
    await createClient(p.app, { clientId: 'acme', name: 'Acme', email: 'ops@acme.example' });
    await createClient(p.app, { clientId: 'other-client', name: 'Other', email: 'ops@other.example' });
  });
  afterAll(async () => p.close());

  const post = async (body: unknown) => {
    const res = await p.app.request('/api/tasks', { method: 'POST', headers: ADMIN, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Answer };
  };

  it('#16 the same key with another clientId, type or media.url → 409 naming each differing field; the first task stays', async () => {
    const first = {
      title: 'Transcribe',
      prompt: 'Summarise the call',
      clientId: 'acme',
      type: 'media',
      media: { url: 'https://media.example.com/a.mp3' },
      idempotencyKey: 'k-16-a',
    };
    const created = await post(first);
    expect(created.status).toBe(202);

    const cases: [Record<string, unknown>, string[]][] = [
      [{ ...first, clientId: 'other-client' }, ['clientId']],
      [{ ...first, media: { url: 'https://media.example.com/b.mp3' } }, ['media.url']],
      [
        { title: first.title, prompt: first.prompt, clientId: first.clientId, idempotencyKey: first.idempotencyKey },
        ['type', 'media.url'],
      ],
      [{ ...first, clientId: undefined, title: 'Other title' }, ['title', 'clientId']],
    ];
    for (const [body, fields] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(409);
      expect(res.body.error).toMatchObject({
        code: 'idempotency_key_reused',
        details: { field: 'idempotencyKey', differingFields: fields },
      });
      expect(res.body.error!.message).toContain(fields.join(', '));
      // Names only: the other request's values (e.g. a client id) are not echoed.
      expect(JSON.stringify(res.body)).not.toContain('other-client');
    }
    const again = await post({ ...first, title: '  Transcribe  ' }); // the same request once trimmed
    expect(again).toMatchObject({ status: 202, body: { taskId: created.body.taskId } });
    expect(await p.appDeps.tasks.get(created.body.taskId!)).toMatchObject({
      clientId: 'acme',
      mediaUrl: first.media.url,
      type: 'media',
    });
  });
});
