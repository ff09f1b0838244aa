import { afterEach, describe, expect, it } from 'vitest';
import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { TASK_STATUS } from '../../domain/search-attributes';
import { createTestWorker } from '../support/temporal';
import { ADMIN, startPipeline, type PipelineHarness } from '../support/pipeline-harness';

const task = { title: 'Long report', prompt: 'Write the long report.' };

describe('processTask interruptions (real dev server)', () => {
  let h: PipelineHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('cancel mid-run: POST /api/tasks/:id/cancel aborts the in-flight LLM call and ends cancelled', async () => {
    h = await startPipeline();
    h.llm.generate.push({ hang: true });
    const inFlight = h.llm.nextCall('generate');
    const { taskId } = await h.submit(task);
    const call = await inFlight;
    expect((await h.getTask(taskId)).status).toBe('running');

    const res = await h.p.app.request(`/api/tasks/${taskId}/cancel`, { method: 'POST', headers: ADMIN });
    expect(res.status).toBe(202);
    const err = await h
      .handle(taskId)
      .result()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect((err as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);

    expect(call.aborted).toBe(true); // the HTTP request to the LLM was torn down, not left running
    expect(h.llm.calls.filter((c) => c.kind === 'generate')).toHaveLength(1);
    expect(await h.getTask(taskId)).toMatchObject({ status: 'cancelled', result: null });
    expect(await h.p.appDeps.tasks.steps(taskId)).toEqual([]);
    expect((await h.handle(taskId).describe()).typedSearchAttributes.get(TASK_STATUS)).toBe('cancelled');

    const again = await h.p.app.request(`/api/tasks/${taskId}/cancel`, { method: 'POST', headers: ADMIN });
    expect(again.status).toBe(409);
  });

  it('worker stopped mid-generation, a new worker started: the task completes once, no duplicate ledger rows', async () => {
    h = await startPipeline();
    h.llm.generate.push({ hang: true });
    const inFlight = h.llm.nextCall('generate');
    const { taskId } = await h.submit(task);
    const first = await inFlight;
    const runId = (await h.handle(taskId).describe()).runId;

    // Stop the only worker while the LLM call is in flight (what SIGTERM on a deploy does).
    h.worker.shutdown();
    await h.workerDone;
    expect(first.aborted).toBe(true);

    const second = await createTestWorker(h.p.taskQueue, h.p.activities);
    try {
      const result = await second.worker.runUntil(h.handle(taskId).result());
      expect(result.status).toBe('done');
    } finally {
      await second.connection.close();
    }
    expect((await h.handle(taskId).describe()).runId).toBe(runId); // the same execution, not a restart
    expect(h.llm.calls.filter((c) => c.kind === 'generate')).toHaveLength(2);
    const steps = await h.p.appDeps.tasks.steps(taskId);
    expect(steps.map((s) => `${s.run}/${s.attempt}/${s.step}`)).toEqual(['0/1/generate', '0/1/qa']);
    expect(await h.getTask(taskId)).toMatchObject({ status: 'done', result: 'Answer number 2', costUsd: '0.007542' });
  });

  it('a retried step that already reached the ledger reuses it instead of paying again', async () => {
    h = await startPipeline();
    const { taskId } = await h.submit(task);
    await h.handle(taskId).result();
    const calls = h.llm.calls.length;
    // Same (task, run, attempt) again, as after a crash between the ledger write and the completion report.
    const again = await h.p.activities.generateAnswer({
      taskId,
      run: 0,
      attempt: 1,
      model: 'gpt-4o',
      title: task.title,
      prompt: task.prompt,
    });
    expect(again).toMatchObject({ text: 'Answer number 1', costMicroUsd: 7500 });
    expect(h.llm.calls.length).toBe(calls);
    expect(
      await h.p.appDeps.tasks.recordStep({
        taskId,
        run: 0,
        attempt: 1,
        step: 'generate',
        model: 'gpt-4o',
        costMicroUsd: 7500,
      }),
    ).toBe(false);
    expect((await h.p.appDeps.tasks.steps(taskId)).length).toBe(2);
    expect((await h.getTask(taskId)).costUsd).toBe('0.007542');
  });
});
