import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { autoOperator } from '../../workflows/auto-operator';
import { hoursAgo, insertTaskRow } from '../support/ledger-rows';
import { startPipeline, type PipelineHarness } from '../support/pipeline-harness';
import { waitFor } from '../support/wait-for';
import { executionsOf } from '../support/workflow-runs';

describe('auto-operator resumes tasks whose run never started (real processTask)', () => {
  let h: PipelineHarness;
  beforeAll(async () => {
    h = await startPipeline({ STUCK_TASK_MINUTES: '30' });
  });
  afterAll(async () => h.close());

  const run = (n: string) =>
    h.p.client.workflow.execute<typeof autoOperator>('autoOperator', {
      taskQueue: h.p.taskQueue,
      workflowId: `${n}-${h.p.taskQueue}`,
    });

  it('starts the run a queued ledger row waits for, once, and the task completes', async () => {
    // The API wrote the row and died before starting the workflow: nothing would ever run it.
    const { taskId } = await insertTaskRow(h.p.database.db, {
      status: 'queued',
      title: 'Lost at submit',
      prompt: 'write a haiku',
      createdAt: hoursAgo(2),
      updatedAt: hoursAgo(2),
    });
    // A running row without a workflow is only reported: its run did start once, and what it did is unknown.
    const { taskId: unknownRun } = await insertTaskRow(h.p.database.db, { status: 'running', updatedAt: hoursAgo(2) });

    const first = await run('operator-resume-1');
    expect(first.resumed).toEqual([taskId]);
    expect(first.snapshot.orphaned.map((o) => o.taskId).sort()).toEqual([taskId, unknownRun].sort());

    await waitFor('the resumed task to finish', async () => (await h.getTask(taskId)).status === 'done');
    const task = await h.getTask(taskId);
    expect(task).toMatchObject({ status: 'done', workflowId: `task-${taskId}` });

    // The next pass finds the task finished: nothing is started twice.
    const second = await run('operator-resume-2');
    expect(second.resumed).toEqual([]);
    const runs = await executionsOf(h.p.client, `task-${taskId}`);
    expect(runs.length).toBeLessThanOrEqual(1);
  });
});
