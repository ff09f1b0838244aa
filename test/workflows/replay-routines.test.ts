import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayBatchResult } from '../../domain/replay';
import { taskWorkflowId } from '../../domain/task';
import { jobReplays, jobs } from '../../infra/db/schema';
import type { jobReplay } from '../../workflows/job-replay';
import type { selfHeal } from '../../workflows/self-heal';
import { bundleWithFakeTasks, executionsOf, startFakeTaskWorker, startInput, terminateRunning } from '../support/fake-task-worker';
import { daysAgo, hoursAgo, seedJob } from '../support/ledger-seed';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

type Worker = Awaited<ReturnType<typeof startFakeTaskWorker>>;

const failed = (id: string, failureType: string | null, at: Date, extra: Partial<typeof jobs.$inferInsert> = {}) => ({
  taskId: id,
  status: 'failed',
  failureType,
  completedAt: at,
  updatedAt: at,
  ...extra,
});

async function ledger(p: TestPlatform, taskId: string) {
  const [row] = await p.database.db.select({ status: jobs.status, replayCount: jobs.replayCount }).from(jobs).where(eq(jobs.taskId, taskId));
  const replays = await p.database.db.select().from(jobReplays).where(eq(jobReplays.taskId, taskId));
  return { ...row, replays };
}

function runRoutine(p: TestPlatform, type: 'selfHeal' | 'jobReplay', id: string) {
  return p.client.workflow.execute<typeof selfHeal | typeof jobReplay>(type, { taskQueue: p.taskQueue, workflowId: `${id}-${p.taskQueue}`, args: [{}] });
}

describe('self-heal and job replay (real dev server, seeded ledger)', () => {
  let code: string;
  beforeAll(async () => {
    code = await bundleWithFakeTasks();
  }, 180_000);

  describe('self-heal', () => {
    let p: TestPlatform;
    let w: Worker;
    const s = Date.now().toString(36);
    const id = (n: string) => `${n}-${s}`;
    beforeAll(async () => {
      p = await createTestPlatform();
      w = await startFakeTaskWorker(p.taskQueue, p.activities, code);
      const db = p.database.db;
      await seedJob(db, failed(id('a-timeout-2h'), 'timeout', hoursAgo(2)));
      await seedJob(db, failed(id('b-llm-23h'), 'llm_unavailable', hoursAgo(23)));
      await seedJob(db, failed(id('c-invalid'), 'invalid_task', hoursAgo(1)));
      await seedJob(db, failed(id('d-timeout-30h'), 'timeout', hoursAgo(30)));
      await seedJob(db, failed(id('e-exhausted'), 'timeout', hoursAgo(1), { replayCount: 3 }));
      await seedJob(db, failed(id('f-refunded'), 'internal', hoursAgo(1), { paymentStatus: 'refunded' }));
      await seedJob(db, { taskId: id('g-cancelled'), status: 'cancelled', completedAt: hoursAgo(1) });
      await seedJob(db, { taskId: id('h-done'), status: 'done', completedAt: hoursAgo(1) });
      await seedJob(db, failed(id('i-in-flight'), 'notion_error', hoursAgo(3)));
      // The ledger still says failed, but a run of task i is in flight (e.g. resubmitted by hand).
      await p.client.workflow.start('processTask', { taskQueue: p.taskQueue, workflowId: taskWorkflowId(id('i-in-flight')), args: [{ taskId: id('i-in-flight'), run: 0 }] });
    });
    afterAll(async () => {
      await terminateRunning(p.client, p.taskQueue);
      await w.stop();
      await p.close();
    });

    it('re-runs exactly the transient failures of the last 24 h, records the replay count, never a second concurrent run', async () => {
      const r = (await runRoutine(p, 'selfHeal', 'self-heal-1')) as ReplayBatchResult;
      expect(r.outcomes.map((o) => [o.taskId, o.status])).toEqual([
        [id('b-llm-23h'), 'started'], // oldest first
        [id('i-in-flight'), 'already_running'],
        [id('a-timeout-2h'), 'started'],
      ]);

      for (const t of [id('a-timeout-2h'), id('b-llm-23h')]) {
        const wfId = taskWorkflowId(t);
        const runs = await executionsOf(p.client, wfId);
        expect(runs).toHaveLength(1);
        expect(runs[0]).toMatchObject({ type: 'processTask', status: 'RUNNING' });
        expect(await startInput(p.client, wfId)).toEqual({ taskId: t, run: 1 });
        const row = await ledger(p, t);
        expect(row).toMatchObject({ status: 'queued', replayCount: 1 });
        expect(row.replays).toEqual([expect.objectContaining({ run: 1, routine: 'self-heal', previousFailureType: expect.any(String), taskRunId: runs[0]!.runId })]);
      }
      // The in-flight task kept its single run and its ledger row is unchanged.
      expect(await executionsOf(p.client, taskWorkflowId(id('i-in-flight')))).toHaveLength(1);
      expect(await ledger(p, id('i-in-flight'))).toMatchObject({ status: 'failed', replayCount: 0, replays: [] });
      for (const t of ['c-invalid', 'd-timeout-30h', 'e-exhausted', 'f-refunded', 'g-cancelled', 'h-done']) {
        expect(await executionsOf(p.client, taskWorkflowId(id(t)))).toEqual([]);
      }

      // A second pass right away finds nothing new to start.
      const again = (await runRoutine(p, 'selfHeal', 'self-heal-2')) as ReplayBatchResult;
      expect(again).toMatchObject({ started: 0, alreadyRunning: 1, selected: 1 });
      expect(await executionsOf(p.client, taskWorkflowId(id('a-timeout-2h')))).toHaveLength(1);
      expect(await p.appDeps.ops.opsReports.latest('self-heal')).toMatchObject({ status: 'ok', summary: expect.stringContaining('0 started, 1 already running') });
    });

    it('a task whose run finished failing again can be re-run once more (a new run of the same id)', async () => {
      const t = id('a-timeout-2h');
      await p.client.workflow.getHandle(taskWorkflowId(t)).signal('fakeRelease');
      await p.client.workflow.getHandle(taskWorkflowId(t)).result();
      // The pipeline would record the outcome; here the run "failed" again.
      await p.database.db.update(jobs).set({ status: 'failed', completedAt: new Date(), updatedAt: new Date() }).where(eq(jobs.taskId, t));
      const r = (await runRoutine(p, 'selfHeal', 'self-heal-3')) as ReplayBatchResult;
      expect(r.outcomes.find((o) => o.taskId === t)).toMatchObject({ status: 'started', run: 2 });
      const runs = await executionsOf(p.client, taskWorkflowId(t));
      expect(runs.map((x) => x.status).sort()).toEqual(['COMPLETED', 'RUNNING']);
      expect(await startInput(p.client, taskWorkflowId(t))).toEqual({ taskId: t, run: 2 });
      expect(await ledger(p, t)).toMatchObject({ replayCount: 2, replays: [expect.objectContaining({ run: 1 }), expect.objectContaining({ run: 2 })] });
    });
  });

  describe('job replay', () => {
    let p: TestPlatform;
    let w: Worker;
    const s = Date.now().toString(36);
    const id = (n: string) => `${n}-${s}`;
    const eligible: string[] = [];
    beforeAll(async () => {
      p = await createTestPlatform();
      w = await startFakeTaskWorker(p.taskQueue, p.activities, code);
      const db = p.database.db;
      // 12 Failed-Final tasks inside 14 days (various reasons, incl. non-transient), oldest first.
      const reasons = ['llm_rejected', 'timeout', 'llm_not_configured', null, 'notion_error', 'media_unreadable'];
      for (let i = 0; i < 12; i++) {
        const t = id(`ok-${String(i).padStart(2, '0')}`);
        eligible.push(t);
        await seedJob(db, failed(t, reasons[i % reasons.length]!, daysAgo(13 - i)));
      }
      await seedJob(db, failed(id('x-15-days'), 'timeout', daysAgo(15)));
      await seedJob(db, failed(id('x-invalid'), 'invalid_task', daysAgo(2)));
      await seedJob(db, failed(id('x-too-large'), 'media_too_large', daysAgo(2)));
      await seedJob(db, failed(id('x-refunded'), 'timeout', daysAgo(2), { paymentStatus: 'refunded' }));
      await seedJob(db, { taskId: id('x-cancelled'), status: 'cancelled', completedAt: daysAgo(2) });
      await seedJob(db, failed(id('x-max'), 'timeout', daysAgo(2), { replayCount: 3 }));
    });
    afterAll(async () => {
      await terminateRunning(p.client, p.taskQueue);
      await w.stop();
      await p.close();
    });

    it('re-runs at most 10 Failed-Final tasks of the last 14 days, never cancelled, refunded or input-bound ones', async () => {
      const r = (await runRoutine(p, 'jobReplay', 'job-replay-1')) as ReplayBatchResult;
      expect(r).toMatchObject({ routine: 'job-replay', selected: 10, started: 10 });
      expect(r.outcomes.map((o) => o.taskId)).toEqual(eligible.slice(0, 10));
      for (const t of eligible.slice(0, 10)) {
        expect(await executionsOf(p.client, taskWorkflowId(t))).toEqual([expect.objectContaining({ type: 'processTask', status: 'RUNNING' })]);
        expect(await startInput(p.client, taskWorkflowId(t))).toEqual({ taskId: t, run: 1 });
        expect(await ledger(p, t)).toMatchObject({ status: 'queued', replayCount: 1, replays: [expect.objectContaining({ routine: 'job-replay', run: 1 })] });
      }
      for (const t of [...eligible.slice(10), id('x-15-days'), id('x-invalid'), id('x-too-large'), id('x-refunded'), id('x-cancelled'), id('x-max')]) {
        expect(await executionsOf(p.client, taskWorkflowId(t))).toEqual([]);
      }
      // The next run picks up the remaining two.
      const next = (await runRoutine(p, 'jobReplay', 'job-replay-2')) as ReplayBatchResult;
      expect(next.outcomes.map((o) => [o.taskId, o.status])).toEqual(eligible.slice(10).map((t) => [t, 'started']));
    });

    it('self-heal and job replay racing for the same task start exactly one run', async () => {
      const t = id('race');
      await seedJob(p.database.db, failed(t, 'timeout', hoursAgo(1)));
      const [a, b] = (await Promise.all([runRoutine(p, 'selfHeal', 'race-a'), runRoutine(p, 'jobReplay', 'race-b')])) as ReplayBatchResult[];
      const mine = [...a!.outcomes, ...b!.outcomes].filter((o) => o.taskId === t);
      expect(mine.filter((o) => o.status === 'started')).toHaveLength(1);
      expect(await executionsOf(p.client, taskWorkflowId(t))).toHaveLength(1);
      expect(await ledger(p, t)).toMatchObject({ replayCount: 1, replays: [expect.objectContaining({ run: 1 })] });
    });
  });
});
