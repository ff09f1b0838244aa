import { ScheduleOverlapPolicy } from '@temporalio/client';
import type { Config } from '../infra/config/load-config';
import { reconciledProviders } from '../infra/payments/reconciled-providers';
import { auditScheduleDefinitions } from './audit-definitions';
import { clientSyncSchedules } from './client-sync-definitions';
import { driveSchedules } from './drive-definitions';
import { opsScheduleDefinitions } from './ops-definitions';
import { intelScheduleDefinitions } from './intel-definitions';
import { securityPruneSchedule } from './security-definitions';
import { replicaSyncSchedule } from './replica-definitions';
import { weeklyMaintenanceSchedule } from './maintenance-definitions';
import { fullScheduleId, type ScheduleDefinition } from './schedule-definition';

/** Only schedules whose workflow really exists are listed here; later routines add theirs. */
export function scheduleDefinitions(config: Config): ScheduleDefinition[] {
  return [
    {
      id: 'heartbeat',
      description: 'Hourly 5-point health check (original EchoPilot runbook: Heartbeat Monitor)',
      spec: { intervals: [{ every: '1 hour' }] },
      workflowType: 'healthProbe',
      args: [{ source: 'heartbeat' }],
      overlap: ScheduleOverlapPolicy.SKIP,
      catchupWindow: '10 minutes',
    },
    {
      id: 'health-probe',
      description: 'Daily health probe at 07:55 UTC, before the CEO brief',
      spec: { calendars: [{ hour: 7, minute: 55, comment: '07:55 UTC' }] },
      workflowType: 'healthProbe',
      args: [{ source: 'health-probe' }],
      overlap: ScheduleOverlapPolicy.SKIP,
      catchupWindow: '1 hour',
    },
    // Only with Stripe or PayPal configured: without either the scan could only fail every 15 minutes.
    ...(reconciledProviders(config).length === 0
      ? []
      : [
          {
            id: 'payment-reconciliation',
            description:
              'Every 15 min: Stripe events and PayPal captures missed by webhooks, fed through the webhook path (original EchoPilot runbook: Payment Reconciliation)',
            spec: { intervals: [{ every: '15 minutes' }] },
            workflowType: 'paymentReconciliation',
            args: [{ source: 'schedule', providers: reconciledProviders(config) }],
            overlap: ScheduleOverlapPolicy.SKIP,
            catchupWindow: '15 minutes',
          },
        ]),
    ...opsScheduleDefinitions(config),
    ...intelScheduleDefinitions(config),
    securityPruneSchedule,
    replicaSyncSchedule,
    weeklyMaintenanceSchedule,
    ...auditScheduleDefinitions,
    ...(config.notion.token && config.notion.queueDbId ? [notionIntakeSchedule(config)] : []),
    ...clientSyncSchedules(config),
    ...driveSchedules(config),
  ];
}

/** Polls the Notion Automation Queue (original EchoPilot runbook: "Bot Polling every 60 seconds"); only when Notion is configured. */
function notionIntakeSchedule(config: Config): ScheduleDefinition {
  return {
    id: 'notion-intake',
    description: `Notion queue poll every ${config.notion.pollEverySeconds} s (original EchoPilot runbook: Bot Polling)`,
    spec: { intervals: [{ every: `${config.notion.pollEverySeconds} seconds` }] },
    workflowType: 'notionIntake',
    args: [{ source: 'schedule' }],
    overlap: ScheduleOverlapPolicy.SKIP,
    catchupWindow: '1 minute',
  };
}

/** The full Temporal ids of the schedules this config defines: what "stop/start scheduler" act on (API and CLI). */
export const definedScheduleIds = (config: Config): string[] =>
  scheduleDefinitions(config).map((d) => fullScheduleId(d.id));
