import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveMetrics, type MetricsServer } from '../../infra/metrics/metrics-server';
import { qaReply } from '../fakes/openai-fake';
import { startPipeline, type PipelineHarness } from '../support/pipeline-harness';
import { createClient } from '../support/clients';

/** `name{labels} value` lines of a Prometheus text exposition, as a lookup by name and label subset. */
function parseExposition(text: string) {
  const samples = text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(l);
      if (!m) throw new Error(`unparsable metrics line: ${l}`);
      const labels = Object.fromEntries(
        [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1]!, x[2]!]),
      );
      return { name: m[1]!, labels, value: Number(m[3]) };
    });
  return (name: string, want: Record<string, string> = {}) =>
    samples
      .filter((s) => s.name === name && Object.entries(want).every(([k, v]) => s.labels[k] === v))
      .reduce((sum, s) => sum + s.value, 0);
}

describe('application metrics on the real platform', () => {
  let h: PipelineHarness;
  let server: MetricsServer;
  beforeAll(async () => {
    h = await startPipeline({ QA_THRESHOLD: '80', QA_MAX_ATTEMPTS: '3' });
    await createClient(h.p.app, { clientId: 'acme', name: 'Acme', email: 'ops@acme.example' });
    server = await serveMetrics(h.p.appDeps.metrics.registry, 0, '127.0.0.1');
  });
  afterAll(async () => {
    await server?.close();
    await h?.close();
  });

  const scrape = async () => {
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return parseExposition(await res.text());
  };

  it('counts finished tasks by status and client, QA scores, LLM latency, tokens, cost and 429s by model', async () => {
    // Task 1: a 429 first (retried), then an answer QA scores 50, then a regeneration scored 95.
    h.llm.generate.push({ status: 429, message: 'slow down', headers: { 'retry-after-ms': '50' } });
    h.llm.qa.push(qaReply(50), qaReply(95));
    const first = await h.submit({ title: 'Metrics one', prompt: 'Say hello', clientId: 'acme' });
    await h.handle(first.taskId).result();
    // Task 2: QA never passes, so it ends low_qa after three attempts.
    h.llm.qa.push(qaReply(40), qaReply(40), qaReply(40));
    const second = await h.submit({ title: 'Metrics two', prompt: 'Say hello again' });
    await h.handle(second.taskId).result();
    expect((await h.getTask(first.taskId)).status).toBe('done');
    expect((await h.getTask(second.taskId)).status).toBe('low_qa');

    const m = await scrape();
    expect(m('echopilot_tasks_finished_total', { status: 'done', client: 'acme' })).toBe(1);
    expect(m('echopilot_tasks_finished_total', { status: 'low_qa', client: 'none' })).toBe(1);
    expect(m('echopilot_qa_score_count')).toBe(5);
    expect(m('echopilot_qa_score_sum')).toBe(50 + 95 + 40 * 3);
    expect(m('echopilot_qa_score_bucket', { le: '50' })).toBe(4);
    expect(m('echopilot_llm_rate_limited_total')).toBe(1);
    // Five answered generations and five QA calls; the 429 is not an answered request.
    expect(m('echopilot_llm_request_duration_seconds_count', { step: 'generate' })).toBe(5);
    expect(m('echopilot_llm_request_duration_seconds_count', { step: 'qa' })).toBe(5);
    expect(m('echopilot_llm_tokens_total', { direction: 'input' })).toBeGreaterThan(0);
    expect(m('echopilot_llm_tokens_total', { direction: 'output' })).toBeGreaterThan(0);
    expect(m('echopilot_llm_cost_usd_total')).toBeGreaterThan(0);
    // The ledger tracks what is waiting or running now: nothing, both tasks are finished.
    expect(m('echopilot_queue_depth', { status: 'queued' })).toBe(0);
    expect(m('echopilot_queue_depth', { status: 'running' })).toBe(0);
  });

  it('reads the queue depth from the ledger at scrape time', async () => {
    // A queued row with no workflow yet: what a backlog looks like to the ledger.
    await h.p.appDeps.tasks.create({
      taskId: 'metrics-queued-1',
      workflowId: 'task-metrics-queued-1',
      source: 'api',
      title: 't',
      prompt: 'p',
    });
    const m = await scrape();
    expect(m('echopilot_queue_depth', { status: 'queued' })).toBe(1);
  });

  it("counts the API's 429 answers (failed-key ban)", async () => {
    const before = (await scrape())('echopilot_http_rate_limited_total');
    let status = 0;
    for (let i = 0; i < 6 && status !== 429; i++) {
      const res = await h.p.app.request('/api/tasks', {
        headers: { 'X-Dash-Key': 'wrong-key-0000000000', 'X-Forwarded-For': '203.0.113.77' },
      });
      status = res.status;
    }
    expect(status).toBe(429);
    expect((await scrape())('echopilot_http_rate_limited_total')).toBe(before + 1);
  });

  it('answers 404 off /metrics', async () => {
    expect((await fetch(server.url.replace('/metrics', '/other'))).status).toBe(404);
  });
});
