import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import type { Activities } from '../../activities';
import { temporalAddress } from './temporal';

/** Bundles the real workflows plus the stand-in processTask of test/fakes/fake-task-workflows.ts. */
export async function bundleWithFakeTasks(): Promise<string> {
  const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error };
  const { code } = await bundleWorkflowCode({ workflowsPath: path.resolve(__dirname, '../fakes/fake-task-workflows.ts'), logger: quiet });
  return code;
}

/** A real worker on `taskQueue` with the real activities plus the fake task's always-failing step. */
export async function startFakeTaskWorker(taskQueue: string, activities: Activities, code: string) {
  const connection = await NativeConnection.connect({ address: temporalAddress() });
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowBundle: { code },
    activities: {
      ...activities,
      async fakeFlakyStep(taskId: string) {
        throw ApplicationFailure.retryable(`upstream keeps timing out for ${taskId}`, 'timeout');
      },
    },
  });
  const running = worker.run();
  return {
    worker,
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

/** Every execution (open or closed) with this workflow id, from visibility. */
export async function executionsOf(client: Client, workflowId: string) {
  const out: { runId: string; status: string; type: string }[] = [];
  for await (const wf of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) out.push({ runId: wf.runId, status: wf.status.name, type: wf.type });
  return out;
}

/** The input a run was started with, as Temporal recorded it in the first history event. */
export async function startInput(client: Client, workflowId: string, runId?: string): Promise<unknown> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  return payload?.data ? JSON.parse(Buffer.from(payload.data).toString('utf8')) : undefined;
}

/** Terminates every running execution on the task queue (test hygiene on the shared dev server). */
export async function terminateRunning(client: Client, taskQueue: string): Promise<void> {
  for await (const wf of client.workflow.list({ query: `ExecutionStatus = 'Running' AND TaskQueue = '${taskQueue}'` })) {
    await client.workflow.getHandle(wf.workflowId, wf.runId).terminate('test cleanup').catch(() => undefined);
  }
}
