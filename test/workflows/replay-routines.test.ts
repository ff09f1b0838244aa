import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayBatchResult } from '../../domain/replay';
import { taskWorkflowId } from '../../domain/task';
import { jobReplays, jobs } from '../../infra/db/schema';
import type { jobReplay } from '../../workflows/job-replay';
import type { selfHeal } from '../../workflows/self-heal';
import { startMediaServer, wavFile } from '../fakes/media-server';
import { heldReply, routeGenerate, type FakeReply } from '../fakes/openai-fake';
import { startNotionFake, type NotionFake } from '../fakes/notion-fake';
import { daysAgo, hoursAgo, insertTaskRow } from '../support/ledger-rows';
import { startPipeline, type PipelineHarness } from '../support/pipeline-harness';
import { waitFor } from '../support/wait-for';
import { executionsOf, runTimes, startInput, terminateRunning } from '../support/workflow-runs';

/**
 * Self-heal and job replay against the real pipeline: the routines pick from the ledger, and the runs
 * they start are the real `processTask` with the real activities (LLM over HTTP to the OpenAI fake).
 * Old failures are written directly (a failure 23 h ago cannot be produced in a test); recent ones are produced
 * by processTask itself, so the failure types the routines select on are the ones it really records.
 */

/** The provider is down: 503 with a short Retry-After, so the six attempts run out in well under a second. */
const PROVIDER_DOWN: FakeReply = { status: 503, message: 'upstream overloaded', headers: { 'retry-after-ms': '20' } };

const failed = (
  taskId: string,
  failureType: string | null,
  at: Date,
  extra: Partial<typeof jobs.$inferInsert> = {},
) => ({
  taskId,
  prompt: `Write the note for ${taskId}`, // the task id in the prompt lets the OpenAI fake route by task
  status: 'failed',
  failureType,
  failureReason: failureType && `recorded ${failureType}`,
  completedAt: at,
  updatedAt: at,
  ...extra,
});

async function ledger(h: PipelineHarness, taskId: string) {
  const [row] = await h.p.database.db
    .select({ status: jobs.status, replayCount: jobs.replayCount, failureType: jobs.failureType, result: jobs.result })
    .from(jobs)
    .where(eq(jobs.taskId, taskId));
  const replays = await h.p.database.db
    .select()
    .from(jobReplays)
    .where(eq(jobReplays.taskId, taskId))
    .orderBy(jobReplays.run);
  return { ...row, replays };
}

function runRoutine(h: PipelineHarness, type: 'selfHeal' | 'jobReplay', id: string): Promise<ReplayBatchResult> {
  return h.p.client.workflow.execute<typeof selfHeal | typeof jobReplay>(type, {
    taskQueue: h.p.taskQueue,
    workflowId: `${id}-${h.p.taskQueue}`,
    args: [{}],
  });
}

/** Runs of one workflow id never overlap: each closed before the next one started. */
async function expectSequentialRuns(h: PipelineHarness, workflowId: string) {
  const runs = await runTimes(h.p.client, workflowId);
  expect(runs.length).toBeGreaterThan(1);
  for (let i = 1; i < runs.length; i++) expect(runs[i - 1]!.close).toBeLessThanOrEqual(runs[i]!.start);
}

/** The re-run finished `done`: the ledger says so, the replay is recorded with the run it started. */
async function expectReplayedDone(
  h: PipelineHarness,
  taskId: string,
  routine: string,
  previousFailureType: string | null,
) {
  const runs = await executionsOf(h.p.client, taskWorkflowId(taskId));
  expect(runs).toEqual([{ runId: expect.any(String), type: 'processTask', status: 'COMPLETED' }]);
  expect(await startInput(h.p.client, taskWorkflowId(taskId))).toEqual({ taskId, run: 1 });
  expect(await ledger(h, taskId)).toMatchObject({
    status: 'done',
    replayCount: 1,
    failureType: null,
    result: expect.stringMatching(/^Answer number/),
    replays: [expect.objectContaining({ run: 1, routine, previousFailureType, taskRunId: runs[0]!.runId })],
  });
}

describe('self-heal and job replay (real processTask runs, ledger rows written beforehand)', () => {
  describe('self-heal', () => {
    let h: PipelineHarness;
    let media: Awaited<ReturnType<typeof startMediaServer>>;
    let route: ReturnType<typeof routeGenerate>;
    let providerDown = true; // for prompts mentioning FLAKY
    let flaky: string, rejected: string;
    const s = Date.now().toString(36);
    const id = (n: string) => `${n}-${s}`;
    const held = heldReply();

    beforeAll(async () => {
      media = await startMediaServer({ '/call.wav': { body: wavFile(2) } });
      // A provider that stays down fails its task once the retry deadline passes: seconds here, not hours.
      h = await startPipeline({
        LLM_RETRY_DEADLINE: '20s',
        MEDIA_ALLOWED_HOSTS: '127.0.0.1',
        DATA_DIR: `/tmp/echopilot-self-heal-test-${process.pid}`,
      });
      route = routeGenerate(h.llm);
      route.always.set('FLAKY', () => (providerDown ? PROVIDER_DOWN : undefined));
      route.always.set('REJECT', () => ({ status: 400, message: 'This request is not supported' }));
      const db = h.p.database.db;
      await insertTaskRow(db, failed(id('a-timeout-2h'), 'timeout', hoursAgo(2)));
      await insertTaskRow(db, failed(id('b-llm-23h'), 'llm_unavailable', hoursAgo(23)));
      await insertTaskRow(
        db,
        failed(id('j-media-5h'), 'media_unavailable', hoursAgo(5), { type: 'media', mediaUrl: media.url('/call.wav') }),
      );
      await insertTaskRow(db, failed(id('c-invalid'), 'invalid_task', hoursAgo(1)));
      await insertTaskRow(db, failed(id('d-timeout-30h'), 'timeout', hoursAgo(30)));
      await insertTaskRow(db, failed(id('e-exhausted'), 'timeout', hoursAgo(1), { replayCount: 3 }));
      await insertTaskRow(db, failed(id('f-refunded'), 'internal', hoursAgo(1), { paymentStatus: 'refunded' }));
      await insertTaskRow(
        db,
        failed(id('f-part-refunded'), 'llm_unavailable', hoursAgo(1), { paymentStatus: 'partially_refunded' }),
      );
      await insertTaskRow(db, { taskId: id('g-cancelled'), status: 'cancelled', completedAt: hoursAgo(1) });
      await insertTaskRow(db, { taskId: id('h-done'), status: 'done', completedAt: hoursAgo(1) });
      // Two failures recorded by processTask itself, right now: provider down (transient), request refused (not).
      flaky = (await h.submit({ title: 'Flaky provider', prompt: `FLAKY: summarise ${s}` })).taskId;
      rejected = (await h.submit({ title: 'Refused', prompt: `REJECT: summarise ${s}` })).taskId;
      await Promise.all(
        [flaky, rejected].map((t) =>
          h
            .handle(t)
            .result()
            .catch(() => undefined),
        ),
      );
    });
    afterAll(async () => {
      held.release();
      await terminateRunning(h.p.client, h.p.taskQueue);
      await h.close();
      await media.close();
    });

    it('processTask records a provider outage that outlasts the retry deadline as timeout and a refusal as llm_rejected', async () => {
      expect(await ledger(h, flaky)).toMatchObject({ status: 'failed', failureType: 'timeout', replayCount: 0 });
      expect(await ledger(h, rejected)).toMatchObject({
        status: 'failed',
        failureType: 'llm_rejected',
        replayCount: 0,
      });
      expect(
        h.llm.calls.filter((c) => c.kind === 'generate' && c.messages[1]!.content.includes('FLAKY')).length,
      ).toBeGreaterThan(2); // retried until the deadline
    });

    it('re-runs exactly the transient failures of the last 24 h as new runs of task-<id>; they complete; never a second concurrent run', async () => {
      route.once.set(id('a-timeout-2h'), held.reply); // a's new run stays in flight until released below
      const first = await runRoutine(h, 'selfHeal', 'self-heal-1');
      // Oldest first; the provider is still down for the FLAKY task, so its new run fails again.
      expect(first.outcomes.map((o) => [o.taskId, o.status, 'run' in o ? o.run : null])).toEqual([
        [id('b-llm-23h'), 'started', 1],
        [id('j-media-5h'), 'started', 1],
        [id('a-timeout-2h'), 'started', 1],
        [flaky, 'started', 1],
      ]);
      // Task a is in flight (held at the LLM), and so is FLAKY (retrying until the deadline): their ledger
      // rows say running, so a second pass leaves both alone. a is released before its own step's deadline.
      await waitFor('task a to be generating', async () => (await ledger(h, id('a-timeout-2h'))).status === 'running');
      const second = await runRoutine(h, 'selfHeal', 'self-heal-2');
      expect(second.outcomes).toEqual([]);
      expect(await executionsOf(h.p.client, taskWorkflowId(id('a-timeout-2h')))).toEqual([
        expect.objectContaining({ status: 'RUNNING' }),
      ]);
      held.release();

      await Promise.all([id('b-llm-23h'), id('j-media-5h'), id('a-timeout-2h')].map((t) => h.handle(t).result()));
      await h
        .handle(flaky)
        .result()
        .catch(() => undefined);
      await expectReplayedDone(h, id('b-llm-23h'), 'self-heal', 'llm_unavailable');
      await expectReplayedDone(h, id('j-media-5h'), 'self-heal', 'media_unavailable');
      await expectReplayedDone(h, id('a-timeout-2h'), 'self-heal', 'timeout');
      expect(h.llm.transcriptions).toHaveLength(1); // the media task really went through preflight and transcription
      expect(await ledger(h, flaky)).toMatchObject({ status: 'failed', failureType: 'timeout', replayCount: 1 });

      providerDown = false;
      const third = await runRoutine(h, 'selfHeal', 'self-heal-3');
      expect(third.outcomes.map((o) => [o.taskId, o.status, 'run' in o ? o.run : null])).toEqual([
        [flaky, 'started', 2],
      ]);
      await h.handle(flaky).result();

      // The task that failed for real: three runs of one workflow id, one after the other, the last one done.
      const runs = await executionsOf(h.p.client, taskWorkflowId(flaky));
      expect(runs.map((r) => r.status)).toEqual(['FAILED', 'FAILED', 'COMPLETED']);
      expect(await Promise.all(runs.map((r) => startInput(h.p.client, taskWorkflowId(flaky), r.runId)))).toEqual(
        [0, 1, 2].map((run) => ({ taskId: flaky, run })),
      );
      await expectSequentialRuns(h, taskWorkflowId(flaky));
      expect(await ledger(h, flaky)).toMatchObject({
        status: 'done',
        replayCount: 2,
        failureType: null,
        replays: [
          expect.objectContaining({ run: 1, previousFailureType: 'timeout', taskRunId: runs[1]!.runId }),
          expect.objectContaining({ run: 2, previousFailureType: 'timeout', taskRunId: runs[2]!.runId }),
        ],
      });
      expect((await h.p.appDeps.tasks.steps(flaky)).map((x) => `${x.run}/${x.attempt}/${x.step}`)).toEqual([
        '2/1/generate',
        '2/1/qa',
      ]);

      // Never selected: old, not transient, out of replays, money returned, cancelled, done.
      for (const t of [
        'c-invalid',
        'd-timeout-30h',
        'e-exhausted',
        'f-refunded',
        'f-part-refunded',
        'g-cancelled',
        'h-done',
      ]) {
        expect(await executionsOf(h.p.client, taskWorkflowId(id(t)))).toEqual([]);
        expect((await ledger(h, id(t))).replays).toEqual([]);
      }
      expect(await executionsOf(h.p.client, taskWorkflowId(rejected))).toEqual([
        expect.objectContaining({ status: 'FAILED' }),
      ]);
      expect(await ledger(h, rejected)).toMatchObject({ status: 'failed', replayCount: 0, replays: [] });

      // Everything healed: a fourth pass finds nothing.
      const fourth = await runRoutine(h, 'selfHeal', 'self-heal-4');
      expect(fourth).toMatchObject({ selected: 0, started: 0 });
      expect(await h.p.appDeps.ops.opsReports.latest('self-heal')).toMatchObject({
        status: 'ok',
        summary: '0 started, 0 already running, 0 no longer eligible, 0 errors (of 0 selected)',
      });
    });
  });

  describe('job replay', () => {
    let h: PipelineHarness;
    let notion: NotionFake;
    let queue: string;
    let route: ReturnType<typeof routeGenerate>;
    const s = Date.now().toString(36);
    const id = (n: string) => `${n}-${s}`;
    const eligible: string[] = [];
    const reasons = ['llm_rejected', 'timeout', 'llm_not_configured', null, 'media_unreadable', 'internal'];

    beforeAll(async () => {
      notion = await startNotionFake();
      queue = notion.createDatabase('Automation Queue', {
        Name: 'title',
        Prompt: 'rich_text',
        Trigger: 'checkbox',
        Status: 'status',
        Result: 'rich_text',
        Error: 'rich_text',
        'Task ID': 'rich_text',
      });
      h = await startPipeline({
        NOTION_TOKEN: notion.token,
        NOTION_API_BASE_URL: notion.baseUrl,
        AUTOMATION_QUEUE_DB_ID: queue,
      });
      route = routeGenerate(h.llm);
      const db = h.p.database.db;
      // 12 Failed-Final tasks inside 14 days (various reasons, incl. non-transient), oldest first.
      for (let i = 0; i < 12; i++) {
        const t = id(`ok-${String(i).padStart(2, '0')}`);
        eligible.push(t);
        await insertTaskRow(db, failed(t, reasons[i % reasons.length]!, daysAgo(13 - i)));
      }
      await insertTaskRow(db, failed(id('x-15-days'), 'timeout', daysAgo(15)));
      await insertTaskRow(db, failed(id('x-invalid'), 'invalid_task', daysAgo(2)));
      await insertTaskRow(db, failed(id('x-too-large'), 'media_too_large', daysAgo(2)));
      await insertTaskRow(db, failed(id('x-too-long'), 'media_too_long', daysAgo(2)));
      await insertTaskRow(db, failed(id('x-refunded'), 'timeout', daysAgo(2), { paymentStatus: 'refunded' }));
      await insertTaskRow(
        db,
        failed(id('x-part-refunded'), 'timeout', daysAgo(2), { paymentStatus: 'partially_refunded' }),
      );
      await insertTaskRow(db, { taskId: id('x-cancelled'), status: 'cancelled', completedAt: daysAgo(2) });
      await insertTaskRow(db, failed(id('x-max'), 'timeout', daysAgo(2), { replayCount: 3 }));
    });
    afterAll(async () => {
      await terminateRunning(h.p.client, h.p.taskQueue);
      await h.close();
      await notion.close();
    });

    it('re-runs at most 10 Failed-Final tasks of the last 14 days, never cancelled, refunded or input-bound ones; they complete', async () => {
      const r = await runRoutine(h, 'jobReplay', 'job-replay-1');
      expect(r).toMatchObject({ routine: 'job-replay', selected: 10, started: 10 });
      expect(r.outcomes.map((o) => o.taskId)).toEqual(eligible.slice(0, 10));
      await Promise.all(eligible.slice(0, 10).map((t) => h.handle(t).result()));
      for (const [i, t] of eligible.slice(0, 10).entries())
        await expectReplayedDone(h, t, 'job-replay', reasons[i % reasons.length]!);
      const excluded = [
        'x-15-days',
        'x-invalid',
        'x-too-large',
        'x-too-long',
        'x-refunded',
        'x-part-refunded',
        'x-cancelled',
        'x-max',
      ].map(id);
      for (const t of [...eligible.slice(10), ...excluded])
        expect(await executionsOf(h.p.client, taskWorkflowId(t))).toEqual([]);

      // The next run picks up the remaining two.
      const next = await runRoutine(h, 'jobReplay', 'job-replay-2');
      expect(next.outcomes.map((o) => [o.taskId, o.status])).toEqual(eligible.slice(10).map((t) => [t, 'started']));
      await Promise.all(eligible.slice(10).map((t) => h.handle(t).result()));
      for (const t of eligible.slice(10)) expect(await ledger(h, t)).toMatchObject({ status: 'done', replayCount: 1 });
      for (const t of excluded) expect((await ledger(h, t)).replays).toEqual([]);
    });

    it('self-heal and job replay racing for the same task start exactly one run, which completes', async () => {
      const t = id('race');
      await insertTaskRow(h.p.database.db, failed(t, 'timeout', hoursAgo(1)));
      const [a, b] = await Promise.all([runRoutine(h, 'selfHeal', 'race-a'), runRoutine(h, 'jobReplay', 'race-b')]);
      const mine = [...a.outcomes, ...b.outcomes].filter((o) => o.taskId === t);
      expect(mine.filter((o) => o.status === 'started')).toHaveLength(1);
      await h.handle(t).result();
      const winner = mine.find((o) => o.status === 'started')!;
      await expectReplayedDone(h, t, a.outcomes.includes(winner) ? 'self-heal' : 'job-replay', 'timeout');
    });

    it('a run still publishing its failure to Notion is never started twice; once it closed, the replay completes', async () => {
      // processTask writes the ledger first, then Notion: during a Notion outage the row says failed
      // while the run is still open. The replay must see that run and leave it alone.
      const page = notion.addRow(queue, {
        Name: 'Quarterly memo',
        Prompt: `MEMO-${s}: write the quarterly memo`,
        Trigger: true,
      });
      const held = heldReply();
      route.once.set(`MEMO-${s}`, held.reply);
      const intake: unknown = await h.p.client.workflow.execute('notionIntake', {
        taskQueue: h.p.taskQueue,
        workflowId: `intake-${h.p.taskQueue}`,
        args: [{ source: 'test' }],
      });
      const [taskId] = (intake as { started: string[] }).started;
      expect(notion.row(page)).toMatchObject({ Status: 'Processing', 'Task ID': taskId });

      const resume = notion.pause();
      held.release({ status: 400, message: 'The model refuses this prompt' });
      await waitFor('the ledger to record the failure', async () => (await ledger(h, taskId!)).status === 'failed');
      expect(await executionsOf(h.p.client, taskWorkflowId(taskId!))).toEqual([
        expect.objectContaining({ status: 'RUNNING' }),
      ]);

      const during = await runRoutine(h, 'jobReplay', 'job-replay-outage');
      expect(during.outcomes).toEqual([{ taskId, status: 'already_running', workflowId: taskWorkflowId(taskId!) }]);
      expect(await ledger(h, taskId!)).toMatchObject({
        status: 'failed',
        failureType: 'llm_rejected',
        replayCount: 0,
        replays: [],
      });
      expect(await executionsOf(h.p.client, taskWorkflowId(taskId!))).toHaveLength(1);

      resume();
      await expect(h.handle(taskId!).result()).rejects.toThrow();
      expect(notion.row(page)).toMatchObject({
        Status: 'Failed',
        Error: expect.stringContaining('The model refuses this prompt'),
      });

      const after = await runRoutine(h, 'jobReplay', 'job-replay-after');
      expect(after.outcomes).toEqual([expect.objectContaining({ taskId, status: 'started', run: 1 })]);
      await h.handle(taskId!).result();
      expect((await executionsOf(h.p.client, taskWorkflowId(taskId!))).map((r) => r.status)).toEqual([
        'FAILED',
        'COMPLETED',
      ]);
      await expectSequentialRuns(h, taskWorkflowId(taskId!));
      expect(await ledger(h, taskId!)).toMatchObject({
        status: 'done',
        replayCount: 1,
        replays: [expect.objectContaining({ routine: 'job-replay', previousFailureType: 'llm_rejected' })],
      });
      expect(notion.row(page)).toMatchObject({
        Status: 'Done',
        Result: expect.stringMatching(/^Answer number/),
        Error: '',
      }); // the old reason cleared
    });
  });
});
