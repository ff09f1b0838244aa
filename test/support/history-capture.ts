import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;

/** Every fixture the replay test expects: processTask's five shapes, the payment workflows, each routine. */
export const HISTORY_FIXTURES = [
  'process-task-text',
  'process-task-media',
  'process-task-regenerated',
  'process-task-failed',
  'process-task-cancelled',
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
};

const scheduled = (h: History, type: string) => (h.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === type).length;

function taskStatuses(h: History): string[] {
  return (h.events ?? []).flatMap((e) => {
    const data = e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields?.TaskStatus?.data;
    return data ? [JSON.parse(Buffer.from(data).toString('utf8')) as string] : [];
  });
}

/** Which fixture a closed run's history stands for, if any. */
export function fixtureName(type: string, status: string, h: History): string | undefined {
  if (type !== 'processTask') return status === 'COMPLETED' ? ROUTINES[type] : undefined;
  if (status === 'CANCELLED') return 'process-task-cancelled';
  if (status !== 'COMPLETED') return undefined;
  const final = taskStatuses(h).at(-1);
  const generated = scheduled(h, 'generateAnswer');
  if (final === 'failed' && generated > 0) return 'process-task-failed';
  if (final !== 'completed') return undefined;
  if (scheduled(h, 'transcribeMedia') > 0) return 'process-task-media';
  return generated > 1 ? 'process-task-regenerated' : 'process-task-text';
}

/**
 * Writes one history per fixture from the runs the test run left on the dev server: for each fixture
 * the shortest matching history (small files, stable review diffs). Returns the names written.
 */
export async function captureHistories(address: string, cli: string, outDir: string): Promise<string[]> {
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: 'default' });
  const best = new Map<string, { workflowId: string; runId: string; size: number }>();
  try {
    for await (const wf of client.workflow.list({ query: 'ExecutionStatus != "Running"' })) {
      if (wf.type !== 'processTask' && !ROUTINES[wf.type]) continue;
      const history = await client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
      const name = fixtureName(wf.type, wf.status.name, history);
      const size = history.events?.length ?? 0;
      if (name && size < (best.get(name)?.size ?? Infinity)) best.set(name, { workflowId: wf.workflowId, runId: wf.runId, size });
    }
  } finally {
    await connection.close();
  }
  mkdirSync(outDir, { recursive: true });
  for (const [name, { workflowId, runId }] of best) {
    // The CLI's JSON is the format historyFromJSON reads (the SDK's own serialiser is not usable here).
    const show = ['workflow', 'show', '--address', address, '--workflow-id', workflowId, '--run-id', runId, '--output', 'json'];
    const json = JSON.parse(execFileSync(cli, show, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as object;
    writeFileSync(path.join(outDir, `${name}.json`), `${JSON.stringify({ workflowId, history: json }, null, 2)}\n`);
  }
  return [...best.keys()].sort();
}
