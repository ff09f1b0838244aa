import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';

export interface Execution {
  runId: string;
  status: string;
  type: string;
}

async function listed(client: Client, workflowId: string): Promise<(Execution & { startTime: Date })[]> {
  const out: (Execution & { startTime: Date })[] = [];
  for await (const wf of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
    out.push({ runId: wf.runId, status: wf.status.name, type: wf.type, startTime: wf.startTime });
  }
  return out.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
}

/**
 * Every execution (open or closed) with this workflow id, oldest first. Visibility is eventually
 * consistent, so this waits until it agrees with the server's own records: the current run is listed
 * and every listed run has the status describe() reports (a count taken too early could hide a run).
 */
export async function executionsOf(client: Client, workflowId: string, timeoutMs = 15_000): Promise<Execution[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const runs = await listed(client, workflowId);
    let current: string | undefined;
    try {
      current = (await client.workflow.getHandle(workflowId).describe()).runId;
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
    const statuses = await Promise.all(
      runs.map(async (r) => (await client.workflow.getHandle(workflowId, r.runId).describe()).status.name),
    );
    const settled =
      (current === undefined || runs.some((r) => r.runId === current)) &&
      runs.every((r, i) => r.status === statuses[i]);
    if (settled || Date.now() > deadline) return runs.map(({ startTime: _, ...r }) => r);
    await sleep(200);
  }
}

/** Start and close times of each run (from describe, not visibility), oldest first. */
export async function runTimes(
  client: Client,
  workflowId: string,
): Promise<{ runId: string; start: number; close?: number }[]> {
  const runs = await executionsOf(client, workflowId);
  return Promise.all(
    runs.map(async (r) => {
      const d = await client.workflow.getHandle(workflowId, r.runId).describe();
      return { runId: r.runId, start: d.startTime.getTime(), close: d.closeTime?.getTime() };
    }),
  );
}

/** The input a run was started with, as Temporal recorded it in the first history event. */
export async function startInput(client: Client, workflowId: string, runId?: string): Promise<unknown> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  return payload?.data ? JSON.parse(Buffer.from(payload.data).toString('utf8')) : undefined;
}

/** Terminates every running execution on the task queue (test hygiene on the shared dev server). */
export async function terminateRunning(client: Client, taskQueue: string): Promise<void> {
  for await (const wf of client.workflow.list({
    query: `ExecutionStatus = 'Running' AND TaskQueue = '${taskQueue}'`,
  })) {
    await client.workflow
      .getHandle(wf.workflowId, wf.runId)
      .terminate('test cleanup')
      .catch(() => undefined);
  }
}
