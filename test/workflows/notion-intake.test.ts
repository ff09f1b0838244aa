import { createClient } from '../support/clients';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhookPayload } from '@notionhq/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { and, eq } from 'drizzle-orm';
import type { QueueRow } from '../../activities/notion-intake-activities';
import { notionTaskId } from '../../domain/task-spec';
import { jobAttempts, jobs } from '../../infra/db/schema';
import { scheduleDefinitions } from '../../schedules/definitions';
import type { notionIntake } from '../../workflows/notion-intake';
import { startNotionFake, type NotionFake } from '../fakes/notion-fake';
import { startPipeline, type PipelineHarness } from '../support/pipeline-harness';
import { waitFor } from '../support/wait-for';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { executionsOf } from '../support/workflow-runs';
import {
  AUTOMATION_QUEUE_PROPERTIES as QUEUE,
  JOB_LOG_PROPERTIES as JOB_LOG,
} from '../fakes/notion-database-properties';

const WEBHOOK_SECRET = 'secret_webhook_verification_token_1';
const AUTOMATION_LOG = {
  Operation: 'title',
  'Op Key': 'rich_text',
  'Task ID': 'rich_text',
  Status: 'select',
  Detail: 'rich_text',
  At: 'date',
};

describe('Notion intake and publishing (real dev server, fake Notion through @notionhq/client)', () => {
  let h: PipelineHarness;
  let notion: NotionFake;
  let queue: string, jobLog: string, automationLog: string;

  beforeAll(async () => {
    notion = await startNotionFake();
    queue = notion.createDatabase('Automation Queue', QUEUE);
    jobLog = notion.createDatabase('Job Log', JOB_LOG);
    automationLog = notion.createDatabase('Automation Log', AUTOMATION_LOG);
    h = await startPipeline({
      NOTION_TOKEN: notion.token,
      NOTION_API_BASE_URL: notion.baseUrl,
      NOTION_WEBHOOK_SECRET: WEBHOOK_SECRET,
      AUTOMATION_QUEUE_DB_ID: queue,
      JOB_LOG_DB_ID: jobLog,
      AUTOMATION_LOG_DB_ID: automationLog,
      DATA_DIR: `/tmp/echopilot-notion-test-${process.pid}`,
    });
    // Rows name their client; a task may only name a client the platform knows.
    await createClient(h.p.app, { clientId: 'acme', name: 'Acme', email: 'ops@acme.example' });
  });
  afterAll(async () => {
    await h.close();
    await notion.close();
  });

  const intake = (id: string) =>
    h.p.client.workflow.execute<typeof notionIntake>('notionIntake', {
      workflowId: id,
      taskQueue: h.p.taskQueue,
      args: [{ source: 'test' }],
    });

  // One poll over a queue of five rows, then the behaviours it must show, one at a time (in order: each
  // builds on the poll before it).
  describe('a poll of the Automation Queue', () => {
    let pages: string[];
    let first: Awaited<ReturnType<typeof intake>>;
    beforeAll(async () => {
      pages = [1, 2, 3].map((i) =>
        notion.addRow(queue, {
          Name: `Task ${i}`,
          Prompt: `Write item ${i}`,
          Trigger: true,
          Client: 'acme',
          ...(i === 3 ? { Status: 'Queued' } : {}),
        }),
      );
      notion.addRow(queue, { Name: 'Not triggered', Prompt: 'x', Trigger: false });
      notion.addRow(queue, { Name: 'Already done', Prompt: 'x', Trigger: true, Status: 'Done' });
      notion.inject.push({
        status: 429,
        headers: { 'retry-after': '1' },
        body: { object: 'error', status: 429, code: 'rate_limited', message: 'slow down' },
      });
      first = await intake(`intake-1-${h.p.taskQueue}`);
      for (const page of pages) await h.handle(notionTaskId(page)).result();
    });

    it('starts a task for each triggered, unfinished row (through a 429), and writes its Task ID on the row', () => {
      expect(first.started.sort()).toEqual(pages.map(notionTaskId).sort());
      for (const page of pages) expect(notion.row(page)['Task ID']).toBe(notionTaskId(page));
    });

    it('publishes each result on its row and in the page body', () => {
      for (const page of pages) {
        const row = notion.row(page);
        expect(row).toMatchObject({
          Status: 'Done',
          'QA Score': 90,
          'Cost (USD)': 0.007542,
          Result: expect.stringMatching(/^Answer number/),
        });
        expect(row.Run).toContain(`/workflows/task-${notionTaskId(page)}`);
        const blocks = notion.blocks(page);
        expect(blocks[0]).toEqual({ type: 'heading_2', text: `EchoPilot result · ${notionTaskId(page)} · run 0` });
        expect(
          blocks
            .slice(1)
            .map((b) => b.text)
            .join(''),
        ).toBe(row.Result);
      }
    });

    it('logs one Job Log row per task and one Automation Log row per operation (intake, generate, qa, publish)', () => {
      expect(
        notion
          .rows(jobLog)
          .map((r) => r['Task ID'])
          .sort(),
      ).toEqual(pages.map((p) => `${notionTaskId(p)}#0`).sort());
      expect(notion.rows(jobLog)[0]).toMatchObject({
        Status: 'done',
        'QA Score': 90,
        Tokens: 1720,
        Model: 'gpt-4o',
        Attempts: 1,
        Build: 'test-build',
      });
      const ops = notion.rows(automationLog).map((r) => r['Op Key'] as string);
      expect(ops).toHaveLength(12);
      expect(new Set(ops).size).toBe(12);
    });

    it('a second poll starts nothing new', async () => {
      expect(await intake(`intake-2-${h.p.taskQueue}`)).toMatchObject({ found: 0, started: [] });
    });

    it('a re-queued finished row finds its existing run and starts nothing', async () => {
      notion.edit(pages[0]!, { Status: 'Queued' });
      expect(await intake(`intake-3-${h.p.taskQueue}`)).toMatchObject({ found: 1, started: [] });
      expect(notion.row(pages[0]!).Status).toBe('Done');
      for (const page of pages) expect(await executionsOf(h.p.client, `task-${notionTaskId(page)}`)).toHaveLength(1);
    });

    it('a re-queued row of a task replayed before starts no new run (the intake submits as the API does)', async () => {
      // A replay leaves the row at run 1; the intake used to start run `replayCount` again for it.
      const taskId = notionTaskId(pages[1]!);
      await h.p.database.db.update(jobs).set({ replayCount: 1 }).where(eq(jobs.taskId, taskId));
      notion.edit(pages[1]!, { Status: 'Queued' });
      expect(await intake(`intake-replayed-${h.p.taskQueue}`)).toMatchObject({ found: 1, started: [] });
      expect(await executionsOf(h.p.client, `task-${taskId}`)).toHaveLength(1);
      expect(notion.row(pages[1]!).Status).toBe('Done');
    });

    it('kept all of the above to ~3 requests/s towards Notion', () => {
      const times = notion.requests.map((r) => r.at).sort((a, b) => a - b);
      let worst = 0;
      for (let i = 0; i < times.length; i++)
        worst = Math.max(worst, times.filter((t) => t >= times[i]! && t < times[i]! + 1000).length);
      expect(times.length).toBeGreaterThan(20);
      expect(worst).toBeLessThanOrEqual(4); // 3/s, plus one at a window edge
    });
  });

  it('Notion effects happen once even when a retry follows a crash between the write and its ledger row', async () => {
    const page = notion.addRow(queue, { Name: 'Crashy', Prompt: 'Write it', Trigger: true });
    await intake(`intake-4-${h.p.taskQueue}`);
    const taskId = notionTaskId(page);
    await h.handle(taskId).result();
    const job = (await h.p.appDeps.tasks.get(taskId))!;
    // Forget that the Job Log row and the page body were written, as if the worker died right after writing them.
    const db = h.p.database.db;
    for (const step of ['notion:job-log', 'notion:body', 'notion:alog:publish']) {
      await db.delete(jobAttempts).where(and(eq(jobAttempts.taskId, taskId), eq(jobAttempts.step, step)));
    }
    const env = new MockActivityEnvironment({ attempt: 2 });
    await env.run(h.p.activities.publishToNotion, {
      taskId,
      run: 0,
      notionPageId: page,
      title: job.title,
      startedMs: Date.now(),
      outcome: {
        status: 'done' as const,
        result: job.result!,
        qaScore: job.qaScore,
        model: job.model!,
        attempts: job.attempts,
      },
      totals: {
        status: 'done' as const,
        costMicroUsd: job.costMicroUsd,
        inputTokens: job.inputTokens,
        outputTokens: job.outputTokens,
      },
    });
    expect(notion.rows(jobLog).filter((r) => r['Task ID'] === `${taskId}#0`)).toHaveLength(1);
    expect(notion.rows(automationLog).filter((r) => r['Task ID'] === taskId)).toHaveLength(4);
    expect(notion.blocks(page)).toHaveLength(2); // marker + one paragraph, not appended twice
  });

  it('long results go to the page body in chunks within Notion limits', { timeout: 180_000 }, async () => {
    const long =
      Array.from({ length: 60 }, (_, i) => `Paragraph ${i}: ${'lorem ipsum '.repeat(40)}`).join('\n\n') +
      `\n\n${'x'.repeat(4500)}`;
    h.llm.generate.push({ content: long, usage: { prompt_tokens: 10, completion_tokens: 10 } });
    const page = notion.addRow(queue, { Name: 'Long', Prompt: 'Write a lot', Trigger: true });
    await intake(`intake-5-${h.p.taskQueue}`);
    await h.handle(notionTaskId(page)).result();
    const blocks = notion.blocks(page);
    expect(blocks.length).toBeGreaterThan(60);
    for (const b of blocks) expect(b.text.length).toBeLessThanOrEqual(2000);
    expect(
      blocks
        .slice(1)
        .map((b) => b.text)
        .join('')
        .replace(/\s/g, ''),
    ).toBe(long.replace(/\s/g, ''));
    expect((notion.row(page).Result as string).length).toBe(2000);
  });

  it('an invalid row becomes a failed task, shown on the row with the reason, without any LLM call', async () => {
    const noPrompt = notion.addRow(queue, { Name: 'No prompt', Trigger: true });
    const noUrl = notion.addRow(queue, {
      Name: 'Media without URL',
      Prompt: 'Summarise the call',
      Type: 'media',
      Trigger: true,
    });
    const llmCalls = h.llm.calls.length;
    const r = await intake(`intake-invalid-${h.p.taskQueue}`);
    expect(r.started.sort()).toEqual([noPrompt, noUrl].map(notionTaskId).sort());
    const reasons = {
      [noPrompt]: 'Invalid task: prompt: prompt is empty',
      [noUrl]: 'Invalid task: mediaUrl: media task without a media URL',
    };
    for (const page of [noPrompt, noUrl]) {
      const taskId = notionTaskId(page);
      await expect(h.handle(taskId).result()).rejects.toThrow();
      expect(await h.getTask(taskId)).toMatchObject({
        status: 'failed',
        failure: { type: 'invalid_task', reason: reasons[page] },
      });
      expect(notion.row(page)).toMatchObject({
        Status: 'Failed',
        Error: reasons[page],
        'Task ID': taskId,
        Run: expect.stringContaining(`/workflows/task-${taskId}`),
      });
      expect(notion.rows(jobLog).filter((x) => x['Task ID'] === `${taskId}#0`)).toEqual([
        expect.objectContaining({ Status: 'failed' }),
      ]);
      expect(await executionsOf(h.p.client, `task-${taskId}`)).toHaveLength(1);
    }
    expect(h.llm.calls.length).toBe(llmCalls);
    // A second poll does not pick the failed rows up again.
    expect(await intake(`intake-invalid-2-${h.p.taskQueue}`)).toMatchObject({ found: 0, started: [] });
  });

  it("#11 credentials in a row's Media URL never reach the activity result, the ledger or the reason", async () => {
    const page = notion.addRow(queue, {
      Name: 'Secret link',
      Prompt: 'Summarise the call',
      Type: 'media',
      'Media URL': 'https://bob:hunter2-secret@127.0.0.1:9/call.wav',
      Trigger: true,
    });
    const rows: QueueRow[] = await new MockActivityEnvironment().run(h.p.activities.pollNotionQueue);
    expect(rows.find((r) => r.pageId === page)).toMatchObject({ mediaUrl: 'https://127.0.0.1:9/call.wav' });
    const r = await intake(`intake-userinfo-${h.p.taskQueue}`);
    const taskId = notionTaskId(page);
    expect(r.started).toEqual([taskId]);
    await h
      .handle(taskId)
      .result()
      .catch(() => undefined);
    const job = await h.p.appDeps.tasks.get(taskId);
    expect(job!.mediaUrl).toBe('https://127.0.0.1:9/call.wav');
    expect(JSON.stringify(await h.getTask(taskId))).not.toContain('hunter2');
  });

  it('POST /webhook/notion: signature checked; duplicated deliveries start one run', async () => {
    const page = notion.addRow(queue, { Name: 'Via webhook', Prompt: 'Quick one', Trigger: true });
    const body = JSON.stringify({
      id: 'evt-1',
      type: 'page.properties_updated',
      timestamp: new Date().toISOString(),
      entity: { id: page, type: 'page' },
      data: {},
    });
    const signature = await signWebhookPayload({ body, verificationToken: WEBHOOK_SECRET });
    const send = (sig: string) =>
      h.p.app.request('/webhook/notion', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-notion-signature': sig },
        body,
      });

    expect((await send('sha256=deadbeef')).status).toBe(401);
    const [a, b] = await Promise.all([send(signature), send(signature)]);
    expect([a.status, b.status]).toEqual([202, 202]);
    const taskId = notionTaskId(page);
    // The intake writes the job row, then starts the run: wait for the run itself.
    await waitFor(
      'the task run',
      () =>
        h
          .handle(taskId)
          .describe()
          .catch(() => undefined),
      20_000,
    );
    expect((await h.handle(taskId).result()).status).toBe('done');
    expect(await executionsOf(h.p.client, `task-${taskId}`)).toHaveLength(1);
    expect(
      h.llm.calls.filter((c) => c.kind === 'generate' && c.messages.at(-1)!.content.includes('Quick one')),
    ).toHaveLength(1);

    expect((await h.p.app.request('/webhook/notion')).status).toBe(405);
    // With the secret set, an unsigned handshake is refused (see test/api/notion-handshake.test.ts).
    const handshake = await h.p.app.request('/webhook/notion', {
      method: 'POST',
      body: JSON.stringify({ verification_token: 'secret_tok_from_notion' }),
    });
    expect(handshake.status).toBe(409);
  });

  it('defines the notion-intake schedule every 60 s only when Notion is configured', () => {
    expect(scheduleDefinitions(h.p.config).find((d) => d.id === 'notion-intake')).toMatchObject({
      workflowType: 'notionIntake',
      spec: { intervals: [{ every: '60 seconds' }] },
    });
  });
});

describe('POST /webhook/notion without NOTION_WEBHOOK_SECRET', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform({
      NOTION_TOKEN: 'secret_notion_token_x',
      AUTOMATION_QUEUE_DB_ID: 'queue-db',
      DATA_DIR: `/tmp/echopilot-notion-nosecret-${process.pid}`,
    });
  });
  afterAll(async () => p.close());

  it('answers 503 with a clear error and starts nothing; the subscription handshake still works', async () => {
    const body = JSON.stringify({
      id: 'evt-9',
      type: 'page.created',
      timestamp: new Date().toISOString(),
      entity: { id: 'p1', type: 'page' },
      data: {},
    });
    const signature = await signWebhookPayload({ body, verificationToken: 'whatever-token' });
    const res = await p.app.request('/webhook/notion', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-notion-signature': signature },
      body,
    });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: {
        code: 'notion_webhook_not_configured',
        message:
          'Notion webhooks are not configured: set NOTION_WEBHOOK_SECRET to the verification token of the subscription',
      },
    });
    const started: string[] = [];
    for await (const wf of p.client.workflow.list({ query: `TaskQueue = '${p.taskQueue}'` }))
      started.push(wf.workflowId);
    expect(started).toEqual([]);
    // The handshake is how the operator gets the token to put into NOTION_WEBHOOK_SECRET.
    const handshake = await p.app.request('/webhook/notion', {
      method: 'POST',
      body: JSON.stringify({ verification_token: 'secret_tok_from_notion' }),
    });
    expect(handshake.status).toBe(200);
  });
});
