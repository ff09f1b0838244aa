/**
 * Auto-operator rules (pure): which running tasks are stuck, and which findings become alerts.
 * The activities gather the facts from Temporal (describe / pending activities) and the ledger.
 */

export interface OperatorThresholds {
  stuckTaskMinutes: number;
  stuckActivityAttempts: number;
  backlogAlert: number;
  failureRateAlertPct: number;
}

export interface RunningTaskFacts {
  workflowId: string;
  runId: string;
  taskId: string;
  startedAt: string;
  runningSeconds: number;
  pendingActivities: { activityType: string; attempt: number; lastFailure?: string }[];
  /** Attempt of a pending workflow task (> 1: the workflow code keeps failing, e.g. a bad deploy). */
  workflowTaskAttempt: number;
}

export type StuckReason = 'running_too_long' | 'activity_retrying' | 'workflow_task_failing';

export interface StuckTask {
  workflowId: string;
  runId: string;
  taskId: string;
  reasons: StuckReason[];
  runningSeconds: number;
  /** The pending activity with the most attempts, if any. */
  worstActivity?: { activityType: string; attempt: number; lastFailure?: string };
}

export function classifyStuck(tasks: readonly RunningTaskFacts[], t: OperatorThresholds): StuckTask[] {
  const out: StuckTask[] = [];
  for (const f of tasks) {
    const worst = [...f.pendingActivities].sort((a, b) => b.attempt - a.attempt)[0];
    const reasons: StuckReason[] = [];
    if (f.runningSeconds >= t.stuckTaskMinutes * 60) reasons.push('running_too_long');
    if (worst && worst.attempt >= t.stuckActivityAttempts) reasons.push('activity_retrying');
    if (f.workflowTaskAttempt >= t.stuckActivityAttempts) reasons.push('workflow_task_failing');
    if (reasons.length > 0) {
      out.push({
        workflowId: f.workflowId,
        runId: f.runId,
        taskId: f.taskId,
        reasons,
        runningSeconds: f.runningSeconds,
        ...(worst ? { worstActivity: worst } : {}),
      });
    }
  }
  return out;
}

export interface OrphanedTask {
  taskId: string;
  status: string;
  ageSeconds: number;
  /** The run the ledger row waits for (its replay count). */
  run: number;
  clientId: string | null;
}

export interface OperatorSnapshot {
  checkedAt: string;
  taskQueue: string;
  running: number;
  stuck: StuckTask[];
  /** Ledger says queued/running for long, but Temporal has no running workflow for it. */
  orphaned: OrphanedTask[];
  backlog: { queued: number; oldestQueuedSeconds: number | null };
  lastHour: { completed: number; failed: number; failureRatePct: number | null };
  thresholds: OperatorThresholds;
  /** The newest verified replica snapshot (absent in reports from before snapshots existed). */
  replica?: { lastSnapshotAt: string | null; ageSeconds: number | null; intervalHours: number; stale: boolean };
}

export interface OpsProblem {
  key: string;
  severity: 'warning' | 'critical';
  title: string;
  text: string;
}

/** Below this many completions an hour, a failure rate says little. */
export const MIN_FAILURE_SAMPLE = 5;

export function operatorProblems(s: OperatorSnapshot): OpsProblem[] {
  const problems: OpsProblem[] = s.stuck.map((st) => ({
    key: `auto-operator:stuck:${st.workflowId}:${st.runId}`,
    severity: 'warning',
    title: `Stuck task ${st.taskId}`,
    text: [
      `Workflow ${st.workflowId} (run ${st.runId}) has been running ${Math.round(st.runningSeconds / 60)} min: ${st.reasons.join(', ')}.`,
      st.worstActivity
        ? `Activity ${st.worstActivity.activityType} is on attempt ${st.worstActivity.attempt}${st.worstActivity.lastFailure ? `, last failure: ${st.worstActivity.lastFailure}` : ''}.`
        : '',
    ]
      .filter(Boolean)
      .join('\n'),
  }));
  if (s.orphaned.length > 0) {
    problems.push({
      key: `auto-operator:orphaned:${s.orphaned
        .map((o) => o.taskId)
        .sort()
        .join(',')}`,
      severity: 'critical',
      title: `${s.orphaned.length} task(s) without a running workflow`,
      text: s.orphaned.map((o) => `${o.taskId}: ${o.status} for ${Math.round(o.ageSeconds / 60)} min`).join('\n'),
    });
  }
  if (s.backlog.queued >= s.thresholds.backlogAlert) {
    problems.push({
      key: 'auto-operator:backlog',
      severity: 'warning',
      title: `Backlog of ${s.backlog.queued} queued tasks`,
      text: `${s.backlog.queued} tasks are queued (alert at ${s.thresholds.backlogAlert}); the oldest waits ${Math.round((s.backlog.oldestQueuedSeconds ?? 0) / 60)} min. Are workers polling ${s.taskQueue}?`,
    });
  }
  // Only once a snapshot exists: before the first one, the replica-sync run itself alerts on failure.
  if (s.replica?.stale && s.replica.lastSnapshotAt) {
    problems.push({
      key: 'auto-operator:replica-stale',
      severity: 'warning',
      title: `Newest verified snapshot is ${Math.round((s.replica.ageSeconds ?? 0) / 3600)} h old`,
      text: `The last verified replica snapshot was taken at ${s.replica.lastSnapshotAt}, more than twice the ${s.replica.intervalHours} h interval ago. Check GET /api/regions/status and the replica-sync schedule.`,
    });
  }
  const rate = s.lastHour.failureRatePct;
  if (rate !== null && s.lastHour.completed >= MIN_FAILURE_SAMPLE && rate >= s.thresholds.failureRateAlertPct) {
    problems.push({
      key: 'auto-operator:failure-rate',
      severity: 'critical',
      title: `Failure rate ${rate}% in the last hour`,
      text: `${s.lastHour.failed} of ${s.lastHour.completed} tasks failed in the last hour (alert at ${s.thresholds.failureRateAlertPct}%).`,
    });
  }
  return problems;
}

export type OpsStatus = 'ok' | 'warning' | 'critical';

export function worstStatus(severities: readonly ('warning' | 'critical')[]): OpsStatus {
  return severities.includes('critical') ? 'critical' : severities.length > 0 ? 'warning' : 'ok';
}

export const failureRatePct = (failed: number, completed: number): number | null =>
  completed === 0 ? null : Math.round((failed / completed) * 1000) / 10;
