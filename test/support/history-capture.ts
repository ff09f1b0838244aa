import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;

/** Every fixture the replay test expects: processTask's six shapes, the payment workflows, each routine. */
export const HISTORY_FIXTURES = [
  'process-task-text',
  'process-task-media',
  'process-task-regenerated',
  'process-task-failed',
  'process-task-cancelled',
  'process-task-llm-queue',
  'invoice-workflow',
  'refund-workflow',
  'health-probe',
  'payment-reconciliation',
  'auto-operator',
  'job-replay',
  'predictive-alerts',
  'scheduled-report',
  'self-heal',
  'notion-intake',
  'weekly-audit',
] as const;

const ROUTINES: Record<string, string> = {
  invoiceWorkflow: 'invoice-workflow',
  refundWorkflow: 'refund-workflow',
  healthProbe: 'health-probe',
  paymentReconciliation: 'payment-reconciliation',
  autoOperator: 'auto-operator',
  jobReplay: 'job-replay',
  predictiveAlerts: 'predictive-alerts',
  scheduledReport: 'scheduled-report',
  selfHeal: 'self-heal',
  notionIntake: 'notion-intake',
  weeklyAudit: 'weekly-audit',
};

const scheduled = (h: History, type: string) =>
  (h.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === type).length;

/** LLM calls scheduled on a per-model LLM task queue (`llm-task-queue`), not the task's own queue. */
const onLlmQueue = (h: History) =>
  (h.events ?? []).some((e) => e.activityTaskScheduledEventAttributes?.taskQueue?.name?.includes('-llm-'));

function taskStatuses(h: History): string[] {
  return (h.events ?? []).flatMap((e) => {
    const data = e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields?.TaskStatus?.data;
    return data ? [JSON.parse(Buffer.from(data).toString('utf8')) as string] : [];
  });
}

// Fixtures are the proto message as plain JSON (enum names, longs as strings, bytes as base64), read back
// with fromObject: the SDK's historyFromJSON/historyToJSON fail with this install's nested protobufjs.
const HistoryMessage = temporal.api.history.v1.History;
export const historyToObject = (h: History) =>
  HistoryMessage.toObject(HistoryMessage.fromObject(h), { longs: String, enums: String, bytes: String });
export const historyFromObject = (json: unknown) => HistoryMessage.fromObject(json as Record<string, unknown>);

/** Which fixture a closed run's history stands for, if any. */
export function fixtureName(type: string, status: string, h: History): string | undefined {
  // A refund may end declined or failed; any closed refund run is a history worth replaying.
  if (type !== 'processTask') return status === 'COMPLETED' || type === 'refundWorkflow' ? ROUTINES[type] : undefined;
  if (status === 'CANCELLED') return 'process-task-cancelled';
  const final = taskStatuses(h).at(-1);
  const generated = scheduled(h, 'generateAnswer');
  // A failed task fails its run, after at least one generation (not an invalid or unloadable task).
  if ((status === 'FAILED' || final === 'failed') && generated > 0) return 'process-task-failed';
  if (status !== 'COMPLETED' || final !== 'done') return undefined;
  if (scheduled(h, 'transcribeMedia') > 0) return 'process-task-media';
  if (onLlmQueue(h)) return 'process-task-llm-queue';
  return generated > 1 ? 'process-task-regenerated' : 'process-task-text';
}

/**
 * Writes one history per fixture from the runs the test run left on the dev server: for each fixture
 * the shortest matching history (small files, stable review diffs). Returns the names written.
 */
export async function captureHistories(address: string, outDir: string): Promise<string[]> {
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: 'default' });
  const best = new Map<string, { workflowId: string; history: History; size: number }>();
  try {
    // A refund workflow stays open (idle) for further requests after the tests end: its history so far is
    // what a worker replays when it picks the run up again, so an open one counts too.
    for await (const wf of client.workflow.list({
      query: 'ExecutionStatus != "Running" OR WorkflowType = "refundWorkflow"',
    })) {
      if (wf.type !== 'processTask' && !ROUTINES[wf.type]) continue;
      const history = await client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
      const name = fixtureName(wf.type, wf.status.name, history);
      const size = history.events?.length ?? 0;
      if (name && size < (best.get(name)?.size ?? Infinity))
        best.set(name, { workflowId: wf.workflowId, history, size });
    }
  } finally {
    await connection.close();
  }
  mkdirSync(outDir, { recursive: true });
  for (const [name, { workflowId, history }] of best) {
    writeFileSync(
      path.join(outDir, `${name}.json`),
      `${JSON.stringify({ workflowId, history: historyToObject(history) }, null, 2)}\n`,
    );
  }
  return [...best.keys()].sort();
}
