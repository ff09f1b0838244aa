import { eq } from 'drizzle-orm';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayCandidate } from '../../domain/replay';
import { taskWorkflowId } from '../../domain/task';
import { createJobReplayRepository } from '../../infra/db/repositories/job-replays';
import { jobReplays, jobs } from '../../infra/db/schema';
import { executionsOf, startInput, terminateRunning } from '../support/workflow-runs';
import { hoursAgo, insertTaskRow } from '../support/ledger-rows';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

/**
 * The replayTask activity's retry paths, run in the SDK's activity environment (the routine's
 * workflow id / run id are what a real retry would see) against the real dev server and database.
 * No worker polls this queue: the started runs stay open, which is all these cases need.
 */
describe('replayTask activity: retries after a crash never start a second run', () => {
  let p: TestPlatform;
  const routineRun = { workflowId: 'self-heal-retry-test', runId: 'run-1' };
  const claimedBy = `${routineRun.workflowId}/${routineRun.runId}`;
  const env = () => new MockActivityEnvironment({ workflowExecution: routineRun });
  const replay = (candidate: ReplayCandidate) =>
    env().run(p.activities.replayTask, { routine: 'self-heal' as const, candidate });
  const failedCandidate = async (taskId: string): Promise<ReplayCandidate> => {
    await insertTaskRow(p.database.db, {
      taskId,
      status: 'failed',
      failureType: 'timeout',
      completedAt: hoursAgo(1),
      updatedAt: hoursAgo(1),
    });
    return { taskId, replayCount: 0, failureType: 'timeout', completedAt: hoursAgo(1).toISOString() };
  };
  const s = Date.now().toString(36);

  beforeAll(async () => {
    p = await createTestPlatform();
  });
  afterAll(async () => {
    await terminateRunning(p.client, p.taskQueue);
    await p.close();
  });

  it('an attempt repeated after it fully succeeded reports the same run', async () => {
    const c = await failedCandidate(`retry-done-${s}`);
    const first = await replay(c);
    expect(first).toMatchObject({ status: 'started', run: 1 });
    const second = await replay(c);
    expect(second).toEqual(first);
    expect(await executionsOf(p.client, taskWorkflowId(c.taskId))).toHaveLength(1);
  });

  it('crash after the claim, before the start: the retry starts the run', async () => {
    const c = await failedCandidate(`retry-claimed-${s}`);
    expect(await p.activities.findReplayCandidates({ routine: 'self-heal' })).toContainEqual(
      expect.objectContaining({ taskId: c.taskId }),
    );
    const repo = createJobReplayRepository(p.database.db);
    expect(
      await repo.claim({
        taskId: c.taskId,
        from: 0,
        now: new Date(),
        routine: 'self-heal',
        claimedBy,
        previousFailureType: 'timeout',
      }),
    ).toMatchObject({ ok: true, fresh: true });
    expect(await executionsOf(p.client, taskWorkflowId(c.taskId))).toEqual([]);

    const r = await replay(c);
    expect(r).toMatchObject({ status: 'started', run: 1 });
    expect(await executionsOf(p.client, taskWorkflowId(c.taskId))).toHaveLength(1);
    expect(await startInput(p.client, taskWorkflowId(c.taskId))).toEqual({ taskId: c.taskId, run: 1 });
  });

  it('crash after the start, before it was recorded: the retry finds its own run', async () => {
    const c = await failedCandidate(`retry-started-${s}`);
    const repo = createJobReplayRepository(p.database.db);
    await repo.claim({
      taskId: c.taskId,
      from: 0,
      now: new Date(),
      routine: 'self-heal',
      claimedBy,
      previousFailureType: 'timeout',
    });
    const h = await p.client.workflow.start('processTask', {
      taskQueue: p.taskQueue,
      workflowId: taskWorkflowId(c.taskId),
      args: [{ taskId: c.taskId, run: 1 }],
      memo: { startedBy: 'self-heal', claimedBy, run: 1 },
    });

    const r = await replay(c);
    expect(r).toEqual({
      taskId: c.taskId,
      status: 'started',
      run: 1,
      workflowId: taskWorkflowId(c.taskId),
      runId: h.firstExecutionRunId,
    });
    expect(await executionsOf(p.client, taskWorkflowId(c.taskId))).toHaveLength(1);
    const [row] = await p.database.db.select().from(jobReplays).where(eq(jobReplays.taskId, c.taskId));
    expect(row).toMatchObject({ run: 1, taskRunId: h.firstExecutionRunId, claimedBy });
  });

  it('a task claimed by another routine run is not eligible; the ledger stays with the winner', async () => {
    const c = await failedCandidate(`claimed-elsewhere-${s}`);
    const other = new MockActivityEnvironment({ workflowExecution: { workflowId: 'job-replay-other', runId: 'r9' } });
    expect(await other.run(p.activities.replayTask, { routine: 'job-replay' as const, candidate: c })).toMatchObject({
      status: 'started',
    });
    expect(await replay(c)).toEqual({
      taskId: c.taskId,
      status: 'not_eligible',
      reason: 'task is queued with replay count 1 (another run claimed it)',
    });
    const [row] = await p.database.db
      .select({ replayCount: jobs.replayCount })
      .from(jobs)
      .where(eq(jobs.taskId, c.taskId));
    expect(row!.replayCount).toBe(1);
  });
});
