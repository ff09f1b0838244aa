import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  operatorProblems,
  worstStatus,
  type OperatorSnapshot,
  type OpsProblem,
  type OpsStatus,
} from '../domain/operator';
import { notify } from './notify';

const { inspectOperations, resumeOrphanedTasks, storeOpsReport } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumAttempts: 3 },
});

export interface AutoOperatorResult {
  reportId: number;
  status: OpsStatus;
  problems: OpsProblem[];
  snapshot: OperatorSnapshot;
  /** Queued tasks whose run had never started (crash between ledger write and start), started now. */
  resumed: string[];
}

/**
 * Auto-operator (every 5 min; latest report at `GET /ops-report`): finds stuck task runs (running past
 * STUCK_TASK_MINUTES, or an activity retrying STUCK_ACTIVITY_ATTEMPTS times), ledger rows without a run,
 * backlog and failure rate; starts the runs that queued rows wait for but that never started; stores the
 * report and alerts on each problem (deduplicated).
 */
export async function autoOperator(): Promise<AutoOperatorResult> {
  const snapshot = await inspectOperations();
  const resumed = snapshot.orphaned.length ? await resumeOrphanedTasks(snapshot.orphaned) : [];
  const problems = operatorProblems(snapshot);
  const status = worstStatus(problems.map((p) => p.severity));
  const summary = problems.length
    ? problems.map((p) => p.title).join('; ')
    : `all clear: ${snapshot.running} running, ${snapshot.backlog.queued} queued`;
  const reportId = await storeOpsReport({
    kind: 'auto-operator',
    status,
    summary,
    body: { ...snapshot, problems, resumed },
  });
  await Promise.all(problems.map((p) => notify(p)));
  return { reportId, status, problems, snapshot, resumed };
}
