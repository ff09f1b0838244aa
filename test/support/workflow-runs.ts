import type { Client } from '@temporalio/client';

/** Every execution (open or closed) with this workflow id, oldest first, from visibility. */
export async function executionsOf(client: Client, workflowId: string) {
  const out: { runId: string; status: string; type: string; startTime: Date }[] = [];
  for await (const wf of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
    out.push({ runId: wf.runId, status: wf.status.name, type: wf.type, startTime: wf.startTime });
  }
  return out.sort((a, b) => a.startTime.getTime() - b.startTime.getTime()).map(({ startTime: _, ...rest }) => rest);
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
