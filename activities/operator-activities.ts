import { callerWorkflow, heartbeat } from './activity-context';
import { classifyStuck, failureRatePct, type OperatorSnapshot, type OrphanedTask } from '../domain/operator';
import { OPS_HISTORY_DAYS } from '../infra/db/repositories/ops-reports';
import { startTaskWorkflow } from '../infra/temporal/start-task-workflow';
import { inspectRunningTasks, isRunning } from '../infra/temporal/task-inspector';
import type { OpsActivityDeps } from './ops-deps';
import { readReplicaStatus } from '../infra/backup/replica-status';

/** How many stale ledger rows one pass checks against Temporal. */
const ORPHAN_CHECK_LIMIT = 50;

export function createOperatorActivities(deps: OpsActivityDeps) {
  const now = deps.now ?? (() => new Date());
  const { ops, temporal: tc } = deps.config;

  return {
    /**
     * The auto-operator's look at the platform: running task runs (describe → pending activities and
     * attempts), stuck ones, ledger rows with no run behind them, backlog and the last hour's failures.
     */
    async inspectOperations(): Promise<OperatorSnapshot> {
      const t = now();
      const thresholds = {
        stuckTaskMinutes: ops.stuckTaskMinutes,
        stuckActivityAttempts: ops.stuckActivityAttempts,
        backlogAlert: ops.backlogAlert,
        failureRateAlertPct: ops.failureRateAlertPct,
      };
      const running = await inspectRunningTasks(deps.temporal, tc.taskQueue, t);
      heartbeat();
      const runningIds = new Set(running.map((r) => r.workflowId));
      const orphaned: OrphanedTask[] = [];
      for (const row of await deps.ledgerMetrics.staleInFlight(t, ops.stuckTaskMinutes, ORPHAN_CHECK_LIMIT)) {
        if (runningIds.has(row.workflowId) || (await isRunning(deps.temporal, row.workflowId))) continue;
        orphaned.push({
          taskId: row.taskId,
          status: row.status,
          run: row.run,
          clientId: row.clientId,
          ageSeconds: Math.round((t.getTime() - row.updatedAt.getTime()) / 1000),
        });
      }
      const [backlog, hour] = await Promise.all([deps.ledgerMetrics.backlog(t), deps.ledgerMetrics.window(t, 1)]);
      const rs = deps.replica && (await readReplicaStatus(deps.replica, t));
      return {
        checkedAt: t.toISOString(),
        taskQueue: tc.taskQueue,
        running: running.length,
        stuck: classifyStuck(running, thresholds),
        orphaned,
        backlog,
        lastHour: {
          completed: hour.completed,
          failed: hour.failed,
          failureRatePct: failureRatePct(hour.failed, hour.completed),
        },
        thresholds,
        ...(rs && {
          replica: {
            lastSnapshotAt: rs.last?.createdAt ?? null,
            ageSeconds: rs.last?.ageSeconds ?? null,
            intervalHours: rs.intervalHours,
            stale: rs.stale,
          },
        }),
      };
    },

    /**
     * Starts the run a `queued` ledger row is waiting for when no workflow exists for it: the API or the
     * intake died between writing the row and starting the run. The business-key id makes this safe:
     * a run that was started meanwhile is found, never duplicated. Returns the task ids it started.
     */
    async resumeOrphanedTasks(orphans: OrphanedTask[]): Promise<string[]> {
      const resumed: string[] = [];
      for (const o of orphans.filter((x) => x.status === 'queued')) {
        const r = await startTaskWorkflow(
          deps.temporal,
          tc.taskQueue,
          {
            taskId: o.taskId,
            run: o.run,
            clientId: o.clientId,
          },
          deps.taskFairness,
        );
        if (r.started) resumed.push(o.taskId);
      }
      return resumed;
    },

    /** Stores a routine's outcome; `GET /ops-report` and the reports read them back. */
    async storeOpsReport(r: { kind: string; status: string; summary: string; body: unknown }): Promise<number> {
      const { workflowId } = callerWorkflow();
      const id = await deps.opsReports.insert({ ...r, workflowId });
      await deps.opsReports.prune(r.kind, new Date(now().getTime() - OPS_HISTORY_DAYS * 86_400_000));
      return id;
    },
  };
}
