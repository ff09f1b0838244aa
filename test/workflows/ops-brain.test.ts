import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAiFake, type OpenAiFake } from '../fakes/openai-fake';
import { createClient } from '../support/clients';
import { hoursAgo, insertFinished } from '../support/ledger-rows';
import { createTestWorker } from '../support/temporal';
import { adminHeaders } from '../support/test-config';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

const ip = '10.40.0.1';
const headers = adminHeaders(ip);
type Outcome = { status: string; error?: string; result?: { recommendations: number; ids: number[]; file: string } };
type Item = {
  id: number;
  action: string;
  target: { kind: string; id: string | null; link: string | null };
  severity: string;
};

async function decide(p: TestPlatform): Promise<Outcome> {
  const { worker, connection }: { worker: Worker; connection: NativeConnection } = await createTestWorker(
    p.taskQueue,
    p.activities,
  );
  try {
    return await worker.runUntil(async () => {
      const res = await p.app.request('/api/brain/decide', {
        method: 'POST',
        headers,
        body: JSON.stringify({ waitSeconds: 60 }),
      });
      expect(res.status).toBe(200);
      return (await res.json()) as Outcome;
    });
  } finally {
    await connection.close();
  }
}
const listed = async (p: TestPlatform) =>
  ((await (await p.app.request('/api/brain/recommendations', { headers })).json()) as { items: Item[] }).items;

describe('AI ops brain with the OpenAI fake (real workflow, real dev server)', () => {
  let p: TestPlatform;
  let llm: OpenAiFake;
  let dataDir: string;
  let failedTaskId: string;
  beforeAll(async () => {
    llm = await startOpenAiFake();
    dataDir = mkdtempSync(path.join(tmpdir(), 'ops-brain-'));
    p = await createTestPlatform({ OPENAI_API_KEY: 'sk-test-brain', OPENAI_BASE_URL: llm.baseUrl, DATA_DIR: dataDir });
    await createClient(p.app, { clientId: 'brain-c', name: 'C', email: 'c@brain.example', budgetUsdPerMonth: 10 }, ip);
    for (let i = 0; i < 2; i++) {
      const t = await insertFinished(p.database.db, {
        status: 'failed',
        failureType: 'timeout',
        clientId: 'brain-c',
        completedAt: hoursAgo(1 + i),
      });
      failedTaskId ??= t.taskId;
    }
    await p.appDeps.ops.opsReports.insert({
      kind: 'auto-operator',
      status: 'warning',
      summary: 'backlog 70 queued',
      body: {},
    });
  });
  afterAll(async () => {
    await p.close();
    await llm.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends the operational picture, stores each recommendation linked to its target, writes the JSON file', async () => {
    llm.qa.push({
      content: JSON.stringify({
        recommendations: [
          {
            action: 'Look into the timeouts',
            target: `task:${failedTaskId}`,
            severity: 'critical',
            rationale: '2 timeouts in 24 h',
          },
          { action: 'Raise the budget or pause work', target: 'client:brain-c', severity: 'warning', rationale: 'cap' },
          {
            action: 'Keep the auto-operator running',
            target: 'schedule:auto-operator',
            severity: 'info',
            rationale: 'ok',
          },
        ],
      }),
    });
    const out = await decide(p);
    expect(out.status, JSON.stringify(out)).toBe('completed');
    expect(out.result).toMatchObject({ recommendations: 3 });

    const call = llm.calls.find((c) => c.responseFormat?.json_schema?.name === 'ops_brain_recommendations')!;
    expect(call.model).toBe('gpt-4o-mini');
    const picture = JSON.parse(call.messages[1]!.content) as Record<string, unknown>;
    expect(picture.autoOperator).toMatchObject({ status: 'warning', summary: 'backlog 70 queued' });
    expect(picture.failuresLast24h).toEqual([
      { failureType: 'timeout', count: 2, recentTaskIds: expect.arrayContaining([failedTaskId]) },
    ]);
    expect(picture.budgets).toEqual([
      { clientId: 'brain-c', budgetMicroUsd: 10_000_000, spentMicroUsd: 0, usedPct: 0 },
    ]);
    expect(picture).toHaveProperty('llmCapacity');
    expect(picture).toHaveProperty('schedules');
    expect(picture.dataSubjectRequests).toMatchObject({ open: { withinSla: 0, dueWithin7Days: 0, overdue: 0 } });

    const items = await listed(p);
    expect(items.map((i) => [i.severity, i.target])).toEqual([
      ['info', { kind: 'schedule', id: 'auto-operator', link: '/api/schedules/auto-operator' }],
      ['warning', { kind: 'client', id: 'brain-c', link: '/api/clients/brain-c' }],
      ['critical', { kind: 'task', id: failedTaskId, link: `/api/tasks/${failedTaskId}` }],
    ]);

    const files = readdirSync(path.join(dataDir, 'ops-brain'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^ops_brain_\d{8}T\d{6}Z\.json$/);
    expect(out.result!.file).toBe(`ops-brain/${files[0]}`);
    const saved = JSON.parse(readFileSync(path.join(dataDir, 'ops-brain', files[0]!), 'utf8')) as {
      recommendations: { id: number }[];
      picture: unknown;
    };
    expect(saved.recommendations.map((r) => r.id).sort()).toEqual(out.result!.ids.sort());
    expect(saved.picture).toEqual(picture);
  });

  it('unparsable output fails the run: not JSON, or JSON outside the schema; nothing is stored', async () => {
    const before = (await listed(p)).length;
    llm.qa.push({ content: 'Everything looks fine to me!' });
    const notJson = await decide(p);
    expect(notJson.status).toBe('failed');
    expect(notJson.error).toContain('ops brain output unparsable: not JSON');

    llm.qa.push({
      content: JSON.stringify({
        recommendations: [
          { action: 'Panic now', target: 'schedule:auto-operator', severity: 'urgent', rationale: 'x' },
        ],
      }),
    });
    const outside = await decide(p);
    expect(outside.status).toBe('failed');
    expect(outside.error).toContain('ops brain output unparsable: recommendations.0.severity');
    expect((await listed(p)).length).toBe(before);
    expect(readdirSync(path.join(dataDir, 'ops-brain'))).toHaveLength(1);
  });
});

describe('AI ops brain without an LLM key', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform();
  });
  afterAll(async () => p.close());

  it('answers 503 saying the brain needs an LLM key, and starts nothing', async () => {
    const res = await p.app.request('/api/brain/decide', { method: 'POST', headers, body: '{}' });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      error: { code: 'llm_not_configured', message: expect.stringContaining('needs an LLM') },
    });
    expect((await p.app.request('/api/brain/recommendations', { headers })).status).toBe(200);
    expect(
      (await p.app.request('/api/brain/decide', { method: 'POST', headers, body: '{"waitSeconds":99}' })).status,
    ).toBe(400);
  });
});
