import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs } from '../../infra/db/schema';
import { createClient } from '../support/clients';
import { adminHeaders } from '../support/test-config';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

type ErrorJson = {
  error: { code: string; message: string; details?: { issues?: { field: string }[]; field?: string } };
};
const ADMIN = adminHeaders('10.7.1.1');

describe('client API (app.request, real database and Temporal, no worker)', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform({ AI_INTEGRATIONS_OPENAI_API_KEY: 'sk-test-fake-key-123456' });
  });
  afterAll(async () => p.close());

  const send = (method: string, path: string, body?: unknown) =>
    p.app.request(path, { method, headers: ADMIN, ...(body !== undefined && { body: JSON.stringify(body) }) });

  it('POST /api/clients creates a client with its rates and budget (201, email masked) and GET reads it back', async () => {
    const res = await send('POST', '/api/clients', {
      name: 'Acme Ltd',
      email: 'Billing@Acme.example',
      plan: 'pro',
      ratePerMinuteUsd: 2.5,
      pricePerTaskUsd: '10',
      budgetUsdPerMonth: 50,
      notifyOnDone: true,
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Record<string, unknown> & { clientId: string };
    expect(created).toMatchObject({
      name: 'Acme Ltd',
      email: 'b***@acme.example',
      plan: 'pro',
      rateCentsPerMin: 250,
      pricePerTaskCents: 1000,
      budgetMicroUsdPerMonth: 50_000_000,
      budgetUsdPerMonth: '50.000000',
      notifyOnDone: true,
    });
    expect(created.clientId).toMatch(/^cli_/);
    expect((await p.appDeps.payments.clients.get(created.clientId))!.email).toBe('billing@acme.example');

    const detail = (await (await send('GET', `/api/clients/${created.clientId}`)).json()) as Record<string, unknown>;
    expect(detail).toMatchObject({
      clientId: created.clientId,
      budget: { capMicroUsd: 50_000_000, monthToDateMicroUsd: 0, usedPct: 0, exhausted: false, heldTasks: [] },
      revenue: { currency: 'usd', paidCents: 0, refundedCents: 0, netCents: 0 },
      openInvoices: [],
      recentTasks: [],
    });
    expect(JSON.stringify(detail)).not.toContain('billing@acme.example');
  });

  it('defaults: a chosen clientId, the default rate, no budget, no notification', async () => {
    const c = await createClient(p.app, { clientId: 'globex', name: 'Globex', email: 'ops@globex.example' });
    expect(c).toMatchObject({
      clientId: 'globex',
      rateCentsPerMin: 500,
      pricePerTaskCents: 0,
      budgetMicroUsdPerMonth: null,
      notifyOnDone: false,
      plan: 'standard',
    });
  });

  it('bad input is a 400 naming each field; the address never appears in an error', async () => {
    const cases: [unknown, string][] = [
      [{ email: 'a@b.example' }, 'name'],
      [{ name: 'x' }, 'email'],
      [{ name: 'x', email: 'not-an-address' }, 'email'],
      [{ name: 'x', email: 'a@b.example', ratePerMinuteUsd: -1 }, 'ratePerMinuteUsd'],
      [{ name: 'x', email: 'a@b.example', pricePerTaskUsd: 1.234 }, 'pricePerTaskUsd'],
      [{ name: 'x', email: 'a@b.example', budgetUsdPerMonth: 'lots' }, 'budgetUsdPerMonth'],
      [{ name: 'x', email: 'a@b.example', notifyOnDone: 'yes' }, 'notifyOnDone'],
      [{ name: 'x', email: 'a@b.example', clientId: 'bad id!' }, 'clientId'],
      [{ name: 'x', email: 'a@b.example', colour: 'red' }, '(body)'],
    ];
    for (const [body, field] of cases) {
      const res = await send('POST', '/api/clients', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = ((await res.json()) as ErrorJson).error;
      expect(err.details!.issues!.map((i) => i.field)).toContain(field);
    }
    const dup = await send('POST', '/api/clients', { name: 'Again', email: 'OPS@globex.example' });
    expect(dup.status).toBe(409);
    const dupErr = ((await dup.json()) as ErrorJson).error;
    expect(dupErr.details!.field).toBe('email');
    expect(dupErr.message.toLowerCase()).not.toContain('globex.example');
    const dupId = await send('POST', '/api/clients', { clientId: 'globex', name: 'G2', email: 'g2@globex2.example' });
    expect(dupId.status).toBe(409);
    expect(((await dupId.json()) as ErrorJson).error.details!.field).toBe('clientId');
  });

  it('PATCH changes only the given fields; 400 on bad or no fields, 404 for an unknown client', async () => {
    const res = await send('PATCH', '/api/clients/globex', { pricePerTaskUsd: 4.5, budgetUsdPerMonth: 20 });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      clientId: 'globex',
      name: 'Globex',
      pricePerTaskCents: 450,
      budgetMicroUsdPerMonth: 20_000_000,
      recheckedHeldTasks: 0,
    });
    const cleared = (await (await send('PATCH', '/api/clients/globex', { budgetUsdPerMonth: null })).json()) as {
      budgetMicroUsdPerMonth: number | null;
    };
    expect(cleared.budgetMicroUsdPerMonth).toBeNull();
    const empty = await send('PATCH', '/api/clients/globex', {});
    expect(empty.status).toBe(400);
    const bad = await send('PATCH', '/api/clients/globex', { ratePerMinuteUsd: 'x' });
    expect(((await bad.json()) as ErrorJson).error.details!.issues!.map((i) => i.field)).toEqual(['ratePerMinuteUsd']);
    expect((await send('PATCH', '/api/clients/nobody', { name: 'N' })).status).toBe(404);
  });

  it('GET /api/clients pages with a cursor, newest first, every client once', async () => {
    for (let i = 0; i < 5; i++) await createClient(p.app, { name: `Pager ${i}`, email: `pager${i}@x.example` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await send('GET', `/api/clients?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      const page = (await res.json()) as { items: { clientId: string }[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((c) => c.clientId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(7);
    expect((await send('GET', '/api/clients?cursor=zzz')).status).toBe(400);
  });

  it('POST /api/tasks naming an unknown clientId is a 400 naming clientId; a known one is accepted', async () => {
    const res = await send('POST', '/api/tasks', { title: 't', prompt: 'p', clientId: 'no-such-client' });
    expect(res.status).toBe(400);
    const err = ((await res.json()) as ErrorJson).error;
    expect(err.details!.issues!.map((i) => i.field)).toEqual(['clientId']);
    expect(err.message).toContain('clientId');
    const ok = await send('POST', '/api/tasks', { title: 't', prompt: 'p', clientId: 'globex' });
    expect(ok.status).toBe(202);
    const { taskId } = (await ok.json()) as { taskId: string };
    const detail = (await (await send('GET', '/api/clients/globex')).json()) as { recentTasks: { taskId: string }[] };
    expect(detail.recentTasks.map((t) => t.taskId)).toEqual([taskId]);
    await p.client.workflow.getHandle(`task-${taskId}`).terminate('test: no worker');
    await p.database.db.delete(jobs);
  });

  it('POST /api/tasks/:taskId/release-budget-hold: 404 unknown task, 409 when the task is not held', async () => {
    expect((await send('POST', '/api/tasks/nope/release-budget-hold')).status).toBe(404);
    await p.database.db
      .insert(jobs)
      .values({ taskId: 't-done', workflowId: 'task-t-done', source: 'api', title: 'a', prompt: 'b', status: 'done' });
    expect((await send('POST', '/api/tasks/t-done/release-budget-hold')).status).toBe(409);
  });
});
