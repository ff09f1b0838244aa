import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformLlmLedger } from '../../infra/db/repositories/platform-llm-ledger';
import { platformLlmCalls } from '../../infra/db/schema';
import { startOpenAiFake, type OpenAiFake } from '../fakes/openai-fake';
import { createClient } from '../support/clients';
import { hoursAgo, insertFinished } from '../support/ledger-rows';
import { withWorker } from '../support/platform-worker';
import { adminHeaders } from '../support/test-config';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

const ip = '10.14.7.1';
const headers = adminHeaders(ip);
type Money = { llmCostMicroUsd: number; llmCostUsd: string; marginMicroUsd: number | null };
type Finance = { totals: Money; days: (Money & { day: string })[]; clients: (Money & { clientId: string })[] };
type Summary = { llmCostMicroUsd: number; platformLlmCostMicroUsd: number; marginMicroUsd: number };

const post = async (p: TestPlatform, path: string, body?: unknown) => {
  const res = await p.app.request(path, {
    method: 'POST',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { status?: string; error?: string } };
};
const get = async <T>(p: TestPlatform, path: string) => (await (await p.app.request(path, { headers })).json()) as T;

// gpt-4o: $2.50 per 1M input tokens, $10 per 1M output tokens, i.e. 2.5 and 10 micro-USD per token.
const cost = (input: number, output: number) => input * 2.5 + output * 10;

describe("the platform's own LLM calls in the ledger, finance metrics and reports (OpenAI SDK, fake, PGlite)", () => {
  let p: TestPlatform;
  let llm: OpenAiFake;
  beforeAll(async () => {
    llm = await startOpenAiFake();
    p = await createTestPlatform({ OPENAI_API_KEY: 'sk-test-own', OPENAI_BASE_URL: llm.baseUrl, QA_MODEL: 'gpt-4o' });
    await createClient(p.app, { clientId: 'own-a', name: 'A', email: 'a@own.example', pricePerTaskUsd: 1 }, ip);
    // Enough billed tasks for the pricing AI to recommend a change (and so to ask for an explanation).
    for (let i = 0; i < 25; i++)
      await insertFinished(p.database.db, {
        status: 'done',
        clientId: 'own-a',
        qaScore: 88,
        completedAt: hoursAgo(1 + i / 10),
        costMicroUsd: 1_000_000,
        attempts: 2,
      });
  });
  afterAll(async () => {
    await p.close();
    await llm.close();
  });

  it('records the brief, pricing AI and ops brain calls with tokens and cost, and counts them in LLM cost', async () => {
    const financeBefore = await get<Finance>(p, '/api/finance-metrics');
    const summaryBefore = await get<Summary>(p, '/api/metrics-summary?period=7d');
    expect(financeBefore.clients.map((c) => c.clientId)).not.toContain('(platform)');
    expect(summaryBefore.platformLlmCostMicroUsd).toBe(0);

    llm.generate.push({
      content: 'Tasks ran; LLM cost is as listed.',
      usage: { prompt_tokens: 1234, completion_tokens: 567 },
    });
    llm.qa.push({
      content: JSON.stringify({ explanations: ['Raise the price: rework costs more.', 'The plan stays.'] }),
      usage: { prompt_tokens: 500, completion_tokens: 50 },
    });
    llm.qa.push({
      content: JSON.stringify({ recommendations: [] }),
      usage: { prompt_tokens: 2000, completion_tokens: 100 },
    });
    // Unparsable advice fails the run, but the call was answered and paid for.
    llm.qa.push({ content: 'All good!', usage: { prompt_tokens: 1000, completion_tokens: 10 } });
    const [brief, pricing, brain, badBrain] = await withWorker(p, async () => [
      await post(p, '/api/exec/brief'),
      await post(p, '/api/pricing/optimize', { waitSeconds: 60 }),
      await post(p, '/api/brain/decide', { waitSeconds: 60 }),
      await post(p, '/api/brain/decide', { waitSeconds: 60 }),
    ]);
    expect([brief.status, pricing.body.status, brain.body.status]).toEqual([200, 'completed', 'completed']);
    expect(badBrain.body.status).toBe('failed');

    const rows = await p.database.db.select().from(platformLlmCalls).orderBy(platformLlmCalls.createdAt);
    expect(rows.map((r) => [r.purpose, r.model, r.inputTokens, r.outputTokens, r.costMicroUsd])).toEqual([
      ['brief-narrative', 'gpt-4o', 1234, 567, cost(1234, 567)],
      ['pricing-explanation', 'gpt-4o', 500, 50, cost(500, 50)],
      ['ops-brain', 'gpt-4o', 2000, 100, cost(2000, 100)],
      ['ops-brain', 'gpt-4o', 1000, 10, cost(1000, 10)],
    ]);
    expect(rows.every((r) => r.kind === 'routine_llm' && r.workflowId !== null)).toBe(true);
    const own = 8755 + 1750 + 6000 + 2600;
    expect(rows.reduce((s, r) => s + r.costMicroUsd, 0)).toBe(own);

    const finance = await get<Finance>(p, '/api/finance-metrics');
    expect(finance.totals.llmCostMicroUsd).toBe(financeBefore.totals.llmCostMicroUsd + own);
    expect(finance.totals.marginMicroUsd).toBe(financeBefore.totals.marginMicroUsd! - own);
    // Six decimals of a dollar, under a key no client id can take.
    expect(finance.clients.find((c) => c.clientId === '(platform)')).toMatchObject({
      llmCostMicroUsd: own,
      llmCostUsd: '0.019105',
    });
    const today = new Date().toISOString().slice(0, 10);
    const dayBefore = financeBefore.days.find((d) => d.day === today)?.llmCostMicroUsd ?? 0;
    expect(finance.days.find((d) => d.day === today)?.llmCostMicroUsd).toBe(dayBefore + own);

    const summary = await get<Summary>(p, '/api/metrics-summary?period=7d');
    expect(summary.platformLlmCostMicroUsd).toBe(own);
    expect(summary.llmCostMicroUsd).toBe(summaryBefore.llmCostMicroUsd + own);
    expect(summary.marginMicroUsd).toBe(summaryBefore.marginMicroUsd - own);
  });

  it('a retried write of the same call stays one row', async () => {
    const ledger = createPlatformLlmLedger(p.database.db);
    const call = {
      callKey: 'wf/run/7/1/ops-brain',
      purpose: 'ops-brain',
      model: 'gpt-4o',
      inputTokens: 10,
      outputTokens: 1,
      costMicroUsd: 35,
      workflowId: 'wf',
      durationMs: 5,
    };
    await ledger.record(call);
    await ledger.record(call);
    const rows = await ledger.list(new Date(Date.now() - 60_000), new Date(Date.now() + 60_000));
    expect(rows.filter((r) => r.callKey === call.callKey)).toHaveLength(1);
  });
});
