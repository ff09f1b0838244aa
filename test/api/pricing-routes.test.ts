import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleDefinitions } from '../../schedules/definitions';
import { auditLog } from '../../infra/db/schema';
import { startOpenAiFake, type OpenAiFake } from '../fakes/openai-fake';
import { createClient } from '../support/clients';
import { hoursAgo, insertFinished } from '../support/ledger-rows';
import { withWorker } from '../support/platform-worker';
import { adminHeaders, testConfig } from '../support/test-config';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

type Rec = {
  id: number;
  subjectKind: string;
  subjectId: string;
  decision: string;
  current: { pricePerTaskUsd: string; ratePerMinuteUsd: string };
  recommended: { pricePerTaskUsd: string; ratePerMinuteUsd: string };
  reason: string;
  explanation: string | null;
  inputs: Record<string, unknown>;
  appliedAt: string | null;
};
type Outcome = {
  status: string;
  result: { message: string; recommendations: { id: number; subjectId: string; decision: string }[] };
};

const ip = '10.36.0.1';
const headers = adminHeaders(ip);

async function optimize(p: TestPlatform): Promise<Outcome> {
  const res = await p.app.request('/api/pricing/optimize', {
    method: 'POST',
    headers,
    body: JSON.stringify({ waitSeconds: 60 }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Outcome;
}

/** `n` finished text tasks of the client, each costing `costMicroUsd`, `attempts` generation attempts each. */
async function work(p: TestPlatform, clientId: string, n: number, costMicroUsd: number, attempts = 1) {
  for (let i = 0; i < n; i++)
    await insertFinished(p.database.db, {
      status: 'done',
      clientId,
      qaScore: 88,
      completedAt: hoursAgo(1 + i),
      costMicroUsd,
      attempts,
    });
}

describe('pricing AI through the API and the real workflow (no LLM key: computed reasons)', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform();
  });
  afterAll(async () => p.close());

  it('no history at all: a clear "not enough data" answer, not an error', async () => {
    const out = await withWorker(p, () => optimize(p));
    expect(out).toMatchObject({ status: 'completed', result: { message: 'not enough data: no clients yet' } });
  });

  it('thin data: every recommendation is insufficient_data with the reason, rates unchanged', async () => {
    await createClient(
      p.app,
      { clientId: 'price-thin', name: 'Thin', email: 'thin@p.example', pricePerTaskUsd: 1 },
      ip,
    );
    await work(p, 'price-thin', 3, 1_000_000);
    const out = await withWorker(p, () => optimize(p));
    expect(out.result.message).toBe(
      'not enough data: no client or plan has 20 billed tasks in the window; rates unchanged',
    );
    expect(out.result.recommendations.map((r) => [r.subjectId, r.decision])).toEqual([
      ['price-thin', 'insufficient_data'],
      ['standard', 'insufficient_data'],
    ]);
  });

  it('stores each recommendation with its inputs; apply sets the client rates once, audited', async () => {
    await createClient(p.app, { clientId: 'price-a', name: 'A', email: 'a@p.example', pricePerTaskUsd: 1 }, ip);
    // 25 tasks at $1.00 of LLM cost each, two attempts each (rework): floor $1.40, step 10 % → $1.10.
    await work(p, 'price-a', 25, 1_000_000, 2);
    const out = await withWorker(p, () => optimize(p));
    expect(out.result.message).toBe('2 of 3 recommendation(s) based on enough data; none applied');
    const forA = out.result.recommendations.find((r) => r.subjectId === 'price-a')!;
    expect(forA.decision).toBe('raise');

    const list = await p.app.request('/api/pricing/recommendations?subjectId=price-a', { headers });
    const [rec] = ((await list.json()) as { items: Rec[] }).items;
    expect(rec).toMatchObject({
      id: forA.id,
      subjectKind: 'client',
      decision: 'raise',
      current: { pricePerTaskUsd: '1.00', ratePerMinuteUsd: '5.00' },
      recommended: { pricePerTaskUsd: '1.10', ratePerMinuteUsd: '5.00' },
      explanation: null,
      appliedAt: null,
      inputs: { billedTasks: 25, attempts: 50, textTasks: 25, textCostMicroUsd: 25_000_000, qaAvg: 88 },
    });
    expect(rec!.reason).toContain('25 billed task(s) in 30 days, 2.00 attempts per task');
    expect(rec!.reason).toContain('raise to $1.10 (step limited to 10%)');
    // Never applied on its own.
    const before = (await (await p.app.request('/api/clients/price-a', { headers })).json()) as Record<string, unknown>;
    expect(before.pricePerTaskUsd).toBe('1.00');

    const apply = () => p.app.request(`/api/pricing/recommendations/${rec!.id}/apply`, { method: 'POST', headers });
    const applied = await apply();
    expect(applied.status).toBe(200);
    expect(await applied.json()).toMatchObject({ id: rec!.id, clientsUpdated: 1, appliedAt: expect.any(String) });
    const after = (await (await p.app.request('/api/clients/price-a', { headers })).json()) as Record<string, unknown>;
    expect(after.pricePerTaskUsd).toBe('1.10');
    const audit = (await p.database.db.select().from(auditLog)).filter((r) => r.action === 'pricing.apply');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ subject: `pricing-recommendation:${rec!.id}` });
    expect(audit[0]!.details).toMatchObject({ subjectId: 'price-a', to: { pricePerTaskCents: 110 } });

    // A second click changes nothing.
    expect((await apply()).status).toBe(409);
    expect((await p.database.db.select().from(auditLog)).filter((r) => r.action === 'pricing.apply')).toHaveLength(1);
  });

  it('apply: a "not enough data" answer → 409, unknown id → 404, malformed id → 400 naming it', async () => {
    const list = await p.app.request('/api/pricing/recommendations?subjectId=price-thin&limit=1', { headers });
    const [thin] = ((await list.json()) as { items: Rec[] }).items;
    const post = (id: string | number) =>
      p.app.request(`/api/pricing/recommendations/${id}/apply`, { method: 'POST', headers });
    expect((await post(thin!.id)).status).toBe(409);
    expect((await post(999_999)).status).toBe(404);
    const bad = await post('abc');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('"field":"id"');
    expect((await p.app.request('/api/pricing/recommendations?limit=0', { headers })).status).toBe(400);
  });

  it('the pricing-ai schedule runs daily at 03:00 UTC; the ops brain only with an LLM key', () => {
    const defs = scheduleDefinitions(p.config);
    expect(defs.find((d) => d.id === 'pricing-ai')).toMatchObject({
      workflowType: 'pricingAi',
      spec: { calendars: [{ hour: 3, minute: 0 }] },
    });
    expect(defs.find((d) => d.id === 'ai-ops-brain')).toBeUndefined();
    const withKey = scheduleDefinitions(testConfig({ OPENAI_API_KEY: 'sk-test' }));
    expect(withKey.find((d) => d.id === 'ai-ops-brain')).toMatchObject({
      workflowType: 'opsBrain',
      spec: { intervals: [{ every: '12 hours' }] },
    });
  });
});

describe('pricing AI with an LLM key: QA_MODEL words the computed reasons', () => {
  let p: TestPlatform;
  let llm: OpenAiFake;
  beforeAll(async () => {
    llm = await startOpenAiFake();
    p = await createTestPlatform({ OPENAI_API_KEY: 'sk-test-pricing', OPENAI_BASE_URL: llm.baseUrl });
  });
  afterAll(async () => {
    await p.close();
    await llm.close();
  });

  it('stores the explanation beside the computed numbers (the model never sets a number)', async () => {
    await createClient(p.app, { clientId: 'price-x', name: 'X', email: 'x@p.example', pricePerTaskUsd: 1 }, ip);
    await work(p, 'price-x', 20, 1_000_000);
    llm.qa.push({ content: JSON.stringify({ explanations: ['Raise X a little.', 'Raise the plan a little.'] }) });
    const out = await withWorker(p, () => optimize(p));
    expect(out.status).toBe('completed');
    const call = llm.calls.find((c) => c.responseFormat?.json_schema?.name === 'pricing_explanations')!;
    expect(call.model).toBe('gpt-4o-mini');
    expect(call.messages[1]!.content).toContain('client price-x (raise)');
    const list = await p.app.request('/api/pricing/recommendations', { headers });
    const items = ((await list.json()) as { items: Rec[] }).items;
    expect(items.map((r) => [r.subjectId, r.explanation, r.recommended.pricePerTaskUsd])).toEqual([
      ['standard', 'Raise the plan a little.', '1.10'],
      ['price-x', 'Raise X a little.', '1.10'],
    ]);
  });
});
