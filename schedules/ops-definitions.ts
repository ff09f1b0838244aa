import { ScheduleOverlapPolicy } from '@temporalio/client';
import type { ReportKind } from '../domain/reports';
import type { Config } from '../infra/config/load-config';
import type { ScheduleDefinition } from './schedule-definition';

/** The auto-operator's schedule id: `GET /ops-report` tells when it runs next. */
export const AUTO_OPERATOR_SCHEDULE = 'auto-operator';

/** `HH:MM` (validated by the env schema) → a calendar spec at that UTC time every day. */
function dailyAt(hhmm: string) {
  const [hour, minute] = hhmm.split(':').map(Number) as [number, number];
  return { calendars: [{ hour, minute, comment: `${hhmm} UTC daily` }] };
}

function report(id: ReportKind, at: string, description: string): ScheduleDefinition {
  return {
    id,
    description,
    spec: dailyAt(at),
    workflowType: 'scheduledReport',
    args: [{ kind: id, periodHours: 24 }],
    overlap: ScheduleOverlapPolicy.SKIP,
    // A report missed by a short outage is still worth sending; one from yesterday is not.
    catchupWindow: '3 hours',
  };
}

/** The self-operating routines (issue: self-heal, job replay, auto-operator, predictive alerts, reports). */
export function opsScheduleDefinitions(config: Config): ScheduleDefinition[] {
  const { ops } = config;
  return [
    {
      id: 'self-heal',
      description: `Re-run tasks that failed for a transient reason (every ${ops.selfHealEveryHours} h)`,
      spec: { intervals: [{ every: `${ops.selfHealEveryHours} hours` }] },
      workflowType: 'selfHeal',
      args: [{ lookbackHours: ops.selfHealLookbackHours, limit: ops.selfHealBatch, maxReplays: ops.maxReplaysPerTask }],
      overlap: ScheduleOverlapPolicy.SKIP,
      catchupWindow: '1 hour',
    },
    {
      id: 'job-replay',
      description: `Re-run Failed-Final tasks of the last ${ops.jobReplayLookbackDays} days, at most ${ops.jobReplayBatch} (02:20 UTC)`,
      spec: dailyAt('02:20'),
      workflowType: 'jobReplay',
      args: [
        { lookbackHours: ops.jobReplayLookbackDays * 24, limit: ops.jobReplayBatch, maxReplays: ops.maxReplaysPerTask },
      ],
      overlap: ScheduleOverlapPolicy.SKIP,
      catchupWindow: '6 hours',
    },
    {
      id: AUTO_OPERATOR_SCHEDULE,
      description: 'Stuck tasks, backlog and failure rate; report at GET /ops-report, alerts (every 5 min)',
      spec: { intervals: [{ every: '5 minutes' }] },
      workflowType: 'autoOperator',
      args: [],
      overlap: ScheduleOverlapPolicy.SKIP,
      catchupWindow: '5 minutes',
    },
    {
      id: 'predictive-alerts',
      description: 'Failure rate, QA average, LLM cost/day and p95 trends; alert before a limit is crossed (hourly)',
      // Ten past the hour, so the previous hour's bucket is complete and it does not coincide with the heartbeat.
      spec: { intervals: [{ every: '1 hour', offset: '10 minutes' }] },
      workflowType: 'predictiveAlerts',
      args: [],
      overlap: ScheduleOverlapPolicy.SKIP,
      catchupWindow: '30 minutes',
    },
    {
      id: 'ledger-retention',
      description: `Archive finished tasks after ${ops.taskRetentionDays || '∞'} days and attempt rows after ${ops.attemptRetentionDays || '∞'} days (03:50 UTC; TASK_RETENTION_DAYS, ATTEMPT_RETENTION_DAYS)`,
      spec: dailyAt('03:50'),
      workflowType: 'ledgerRetention',
      args: [],
      overlap: ScheduleOverlapPolicy.SKIP,
      catchupWindow: '6 hours',
    },
    report('supervisor-report', '06:45', 'Supervisor report: operations of the last 24 h (06:45 UTC)'),
    report('executive-report', '06:55', 'Executive report: volume, quality, spend, top clients (06:55 UTC)'),
    report('ceo-brief', ops.briefUtc, `CEO brief: the day in five lines (${ops.briefUtc} UTC, SCHED_BRIEF_UTC)`),
    {
      id: 'weekly-report',
      description: 'Weekly report: the last 7 days, emailed with a PDF of charts (Monday 07:05 UTC)',
      spec: { calendars: [{ dayOfWeek: 'MONDAY', hour: 7, minute: 5, comment: 'Monday 07:05 UTC' }] },
      workflowType: 'scheduledReport',
      args: [{ kind: 'weekly-report', periodHours: 24 * 7 }],
      overlap: ScheduleOverlapPolicy.SKIP,
      catchupWindow: '6 hours',
    },
    {
      id: 'monthly-report',
      description: 'Monthly report: the last 30 days and referrals, emailed with a PDF of charts (1st, 07:15 UTC)',
      spec: { calendars: [{ dayOfMonth: 1, hour: 7, minute: 15, comment: 'the 1st of the month, 07:15 UTC' }] },
      workflowType: 'scheduledReport',
      args: [{ kind: 'monthly-report', periodHours: 24 * 30 }],
      overlap: ScheduleOverlapPolicy.SKIP,
      catchupWindow: '6 hours',
    },
    report(
      'daily-report',
      ops.reportUtc,
      `Daily report: finance and latency metrics (${ops.reportUtc} UTC, SCHED_REPORT_UTC)`,
    ),
  ];
}
