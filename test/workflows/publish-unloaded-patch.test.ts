import type { temporal } from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { alteredWorkflowBundle } from '../support/altered-bundle';
import { ADMIN } from '../support/pipeline-harness';
import { createTestWorker, temporalAddress } from '../support/temporal';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

/**
 * processTask publishes a task it could not load to Notion behind patched('publish-unloaded-task-to-notion').
 * A run that ended on the code from before (it published nothing) must still replay on the current code; the
 * same change without patched() would not.
 */
const PATCH = "patched('publish-unloaded-task-to-notion')";
const publishes = (h: temporal.api.history.v1.IHistory) =>
  (h.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'publishToNotion')
    .length;

describe("patched('publish-unloaded-task-to-notion')", () => {
  let p: TestPlatform;
  let beforePatch: string, unguarded: string;

  beforeAll(async () => {
    p = await createTestPlatform({ AI_INTEGRATIONS_OPENAI_API_KEY: undefined }); // no key: loadTask fails, the task is never loaded
    [beforePatch, unguarded] = await Promise.all([
      alteredWorkflowBundle('workflows/process-task.ts', PATCH, 'false'), // the code before the change
      alteredWorkflowBundle('workflows/process-task.ts', `!loaded && ${PATCH}`, '!loaded'), // the change, unpatched
    ]);
  });
  afterAll(async () => p.close());

  async function runUnloadedTask(worker: Worker) {
    return worker.runUntil(async () => {
      const res = await p.app.request('/api/tasks', {
        method: 'POST',
        headers: ADMIN,
        body: JSON.stringify({ title: 'Unloaded', prompt: 'Never loaded: no LLM key.' }),
      });
      expect(res.status).toBe(202);
      const { workflowId } = (await res.json()) as { workflowId: string };
      const handle = p.client.workflow.getHandle(workflowId);
      await handle.result().catch(() => undefined);
      return { workflowId, history: await handle.fetchHistory() };
    });
  }

  it('a run from before the change replays on the current code, and would not without patched()', async () => {
    const connection = await NativeConnection.connect({ address: temporalAddress() });
    try {
      const old = await Worker.create({
        connection,
        taskQueue: p.taskQueue,
        activities: p.activities,
        workflowBundle: { code: beforePatch },
      });
      const { workflowId, history } = await runUnloadedTask(old);
      expect(publishes(history)).toBe(0);
      await expect(
        Worker.runReplayHistory({ workflowBundle: { code: inject('workflowBundleCode') } }, history, workflowId),
      ).resolves.toBeUndefined();
      await expect(
        Worker.runReplayHistory({ workflowBundle: { code: unguarded } }, history, workflowId),
      ).rejects.toBeInstanceOf(DeterminismViolationError);
    } finally {
      await connection.close();
    }
  });

  it('a run on the current code publishes the unloaded task to Notion', async () => {
    const { worker, connection } = await createTestWorker(p.taskQueue, p.activities);
    try {
      const { history } = await runUnloadedTask(worker);
      expect(publishes(history)).toBe(1);
    } finally {
      await connection.close();
    }
  });
});
