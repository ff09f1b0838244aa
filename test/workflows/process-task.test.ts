import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkflowFailedError } from '@temporalio/client';
import { CLIENT_ID, COST_MICRO_USD, QA_SCORE, TASK_STATUS } from '../../domain/search-attributes';
import { taskProgressQuery } from '../../domain/contracts/task-messages';
import { qaReply } from '../fakes/openai-fake';
import { createCostLedger } from '../../infra/db/repositories/cost-ledger';
import { startPipeline, type PipelineHarness } from '../support/pipeline-harness';
import { createClient } from '../support/clients';

const task = { title: 'Summarise', prompt: 'Summarise the quarterly report in three bullets.' };

describe('processTask (real dev server, fake OpenAI over HTTP)', () => {
  let h: PipelineHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('happy path: generate with LLM_MODEL, QA with QA_MODEL (structured output), done, cost in the ledger and search attributes', async () => {
    h = await startPipeline({ CLIENT_ID: undefined });
    await createClient(h.p.app, { clientId: 'acme', name: 'Acme', email: 'ops@acme.example' });
    const { taskId, workflowId, status } = await h.submit({ ...task, clientId: 'acme' });
    expect(status).toBe('queued');
    expect(workflowId).toBe(`task-${taskId}`);
    const result = await h.handle(taskId).result();
    expect(result).toMatchObject({
      status: 'done',
      bestScore: 90,
      attempts: [{ n: 1, qaScore: 90, feedback: 'good' }],
    });

    const [gen, qa] = h.llm.calls;
    expect(gen).toMatchObject({ kind: 'generate', model: 'gpt-4o' });
    expect(gen!.messages.at(-1)!.content).toContain(task.prompt);
    expect(qa).toMatchObject({
      kind: 'qa',
      model: 'gpt-4o-mini',
      responseFormat: { type: 'json_schema', json_schema: { name: 'qa_verdict', strict: true } },
    });
    expect(qa!.messages.at(-1)!.content).toContain('Answer number 1');

    // gpt-4o 1000 in / 500 out = 2 500 + 5 000 µ$; gpt-4o-mini 200 in / 20 out = 30 + 12 µ$.
    const view = await h.getTask(taskId);
    expect(view).toMatchObject({
      taskId,
      status: 'done',
      title: task.title,
      qaScore: 90,
      result: 'Answer number 1',
      costUsd: '0.007542',
      tokens: { input: 1200, output: 520 },
      model: 'gpt-4o',
      workflowId,
      attempts: [{ n: 1, qaScore: 90, feedback: 'good' }],
    });
    expect(view.startedAt).toBeTruthy();
    expect(view.completedAt).toBeTruthy();

    const steps = await h.p.appDeps.tasks.steps(taskId);
    expect(steps.map((s) => [s.attempt, s.step, s.model, s.costMicroUsd])).toEqual([
      [1, 'generate', 'gpt-4o', 7500],
      [1, 'qa', 'gpt-4o-mini', 42],
    ]);
    expect(await createCostLedger(h.p.database.db).forTask(taskId)).toEqual({
      costMicroUsd: 7542,
      inputTokens: 1200,
      outputTokens: 520,
      steps: 2,
    });
    const day = new Date().toISOString().slice(0, 10);
    const window: [Date, Date] = [new Date(Date.now() - 3_600_000), new Date(Date.now() + 3_600_000)];
    expect(await createCostLedger(h.p.database.db).byClient(...window)).toEqual([
      { clientId: 'acme', costMicroUsd: 7542, inputTokens: 1200, outputTokens: 520, steps: 2 },
    ]);
    expect((await createCostLedger(h.p.database.db).byDay(...window)).map((d) => [d.day, d.costMicroUsd])).toEqual([
      [day, 7542],
    ]);

    const desc = await h.handle(taskId).describe();
    expect(desc.typedSearchAttributes.get(TASK_STATUS)).toBe('done');
    expect(desc.typedSearchAttributes.get(QA_SCORE)).toBe(90);
    expect(desc.typedSearchAttributes.get(COST_MICRO_USD)).toBe(7542);
    expect(await h.handle(taskId).query(taskProgressQuery)).toMatchObject({
      status: 'done',
      phase: 'finished',
      costMicroUsd: 7542,
    });
  });

  it('search attributes while running: TaskStatus=running and ClientId from the start, also for a run started without them', async () => {
    h = await startPipeline();
    await createClient(h.p.app, { clientId: 'acme', name: 'Acme', email: 'ops@acme.example' });
    await createClient(h.p.app, { clientId: 'globex', name: 'Globex', email: 'ops@globex.example' });
    h.llm.generate.push({ hang: true }, { hang: true });
    const viaApi = h.llm.nextCall('generate');
    const { taskId } = await h.submit({ ...task, clientId: 'acme' });
    await viaApi;
    const running = (await h.handle(taskId).describe()).typedSearchAttributes;
    expect([running.get(TASK_STATUS), running.get(CLIENT_ID), running.get(QA_SCORE)]).toEqual([
      'running',
      'acme',
      undefined,
    ]);

    // As `temporal workflow start` would: no search attributes in the start request.
    const other = randomUUID();
    await h.p.appDeps.tasks.create({
      taskId: other,
      workflowId: `task-${other}`,
      source: 'api',
      clientId: 'globex',
      title: 'T',
      prompt: 'P',
      type: 'text',
    });
    const bare = h.llm.nextCall('generate');
    await h.p.client.workflow.start('processTask', {
      workflowId: `task-${other}`,
      taskQueue: h.p.taskQueue,
      args: [{ taskId: other, run: 0 }],
    });
    await bare;
    const loaded = (await h.handle(other).describe()).typedSearchAttributes;
    expect([loaded.get(TASK_STATUS), loaded.get(CLIENT_ID)]).toEqual(['running', 'globex']);
    for (const id of [taskId, other]) await h.handle(id).cancel();
  });

  it('low score then pass: regenerates with the QA feedback and publishes the passing attempt', async () => {
    h = await startPipeline();
    h.llm.qa.push(qaReply(60, 'add the revenue figure'), qaReply(85, 'fine'));
    const { taskId } = await h.submit(task);
    const result = await h.handle(taskId).result();
    expect(result.status).toBe('done');
    const gens = h.llm.calls.filter((c) => c.kind === 'generate');
    expect(gens).toHaveLength(2);
    expect(gens[1]!.messages.map((m) => m.content).join('\n')).toContain('add the revenue figure');
    expect(gens[1]!.messages.some((m) => m.role === 'assistant' && m.content === 'Answer number 1')).toBe(true);
    expect(await h.getTask(taskId)).toMatchObject({
      status: 'done',
      qaScore: 85,
      result: 'Answer number 2',
      attempts: [
        { n: 1, qaScore: 60, feedback: 'add the revenue figure' },
        { n: 2, qaScore: 85, feedback: 'fine' },
      ],
    });
  });

  it('always low: stops at QA_MAX_ATTEMPTS with status low_qa and keeps the best attempt', async () => {
    h = await startPipeline();
    h.llm.qa.push(qaReply(50), qaReply(70), qaReply(65));
    const { taskId } = await h.submit(task);
    expect((await h.handle(taskId).result()).status).toBe('low_qa');
    expect(h.llm.calls.filter((c) => c.kind === 'generate')).toHaveLength(3);
    expect(await h.getTask(taskId)).toMatchObject({ status: 'low_qa', qaScore: 70, result: 'Answer number 2' });
  });

  it('unparsable QA output is a failed attempt, never a pass', async () => {
    h = await startPipeline({ QA_MAX_ATTEMPTS: '3' });
    h.llm.qa.push(
      { content: 'Great answer, 95/100!' },
      { content: '{"score":"95","feedback":"ok"}' },
      { content: '{"score":150,"feedback":"ok"}' },
    );
    const { taskId } = await h.submit(task);
    expect((await h.handle(taskId).result()).status).toBe('low_qa');
    const view = (await h.getTask(taskId)) as {
      status: string;
      qaScore: number | null;
      attempts: { qaScore: number | null; feedback: string }[];
      result: string;
    };
    expect(view.qaScore).toBeNull();
    expect(view.attempts).toHaveLength(3);
    for (const a of view.attempts) {
      expect(a.qaScore).toBeNull();
      expect(a.feedback).toMatch(/^QA output unparsable/);
    }
    expect(view.result).toBe('Answer number 1');
  });

  it('429 with Retry-After: waits what the provider asked, then succeeds', async () => {
    h = await startPipeline();
    h.llm.generate.push({
      status: 429,
      message: 'Rate limit reached',
      code: 'rate_limit_exceeded',
      headers: { 'retry-after': '4' },
    });
    const { taskId } = await h.submit(task);
    expect((await h.handle(taskId).result()).status).toBe('done');
    const gens = h.llm.calls.filter((c) => c.kind === 'generate');
    expect(gens).toHaveLength(2);
    // The activity's own backoff starts at 2 s; the 4 s gap is the provider's Retry-After.
    expect(gens[1]!.at - gens[0]!.at).toBeGreaterThanOrEqual(3_900);
    expect((await h.p.appDeps.tasks.steps(taskId)).filter((s) => s.step === 'generate')).toHaveLength(1);
  });

  it('400 from the provider: failed with its reason, not retried', async () => {
    h = await startPipeline();
    h.llm.generate.push({ status: 400, message: "The model 'gpt-4o' does not support this request" });
    const { taskId } = await h.submit(task);
    const err = await h
      .handle(taskId)
      .result()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect(h.llm.calls.filter((c) => c.kind === 'generate')).toHaveLength(1);
    const view = await h.getTask(taskId);
    expect(view).toMatchObject({ status: 'failed', failure: { type: 'llm_rejected' } });
    expect((view.failure as { reason: string }).reason).toContain('does not support this request');
    expect((await h.handle(taskId).describe()).typedSearchAttributes.get(TASK_STATUS)).toBe('failed');
  });

  it('content-policy refusal and 401 are non-retryable too', async () => {
    h = await startPipeline();
    h.llm.generate.push({ status: 401, message: 'Incorrect API key provided' });
    const a = await h.submit(task);
    await h
      .handle(a.taskId)
      .result()
      .catch(() => undefined);
    expect(await h.getTask(a.taskId)).toMatchObject({ status: 'failed', failure: { type: 'llm_rejected' } });
    h.llm.generate.push({ content: null, finishReason: 'content_filter' });
    const b = await h.submit({ ...task, title: 'Other' });
    await h
      .handle(b.taskId)
      .result()
      .catch(() => undefined);
    expect(await h.getTask(b.taskId)).toMatchObject({
      status: 'failed',
      failure: { type: 'llm_rejected', reason: expect.stringContaining('content policy') },
    });
    expect(h.llm.calls.filter((c) => c.kind === 'generate')).toHaveLength(2);
  });

  it('no API key: fails fast with "LLM not configured"', async () => {
    h = await startPipeline({}, { withKey: false });
    const { taskId } = await h.submit(task);
    await h
      .handle(taskId)
      .result()
      .catch(() => undefined);
    expect(await h.getTask(taskId)).toMatchObject({
      status: 'failed',
      failure: { type: 'llm_not_configured', reason: expect.stringContaining('LLM not configured') },
    });
    expect(h.llm.calls).toHaveLength(0);
  });
});
