import { ScheduleOverlapPolicy } from '@temporalio/client';
import type { ScheduleDefinition } from './schedule-definition';

/** The audit chain's signed checkpoints (daily) and the SOC-lite weekly audit (Monday 00:30 UTC). */
export const auditScheduleDefinitions: ScheduleDefinition[] = [
  {
    id: 'audit-checkpoint',
    description: 'Sign the audit log head into backups/audit (00:05 UTC daily)',
    spec: { calendars: [{ hour: 0, minute: 5, comment: '00:05 UTC daily' }] },
    workflowType: 'auditCheckpoint',
    args: [{ reason: 'daily' }],
    overlap: ScheduleOverlapPolicy.SKIP,
    catchupWindow: '1 day',
  },
  {
    id: 'weekly-audit',
    description:
      'Verify the audit chain and checkpoints, write the report (JSON, PDF), alert on a break (Mon 00:30 UTC)',
    spec: { calendars: [{ dayOfWeek: 'MONDAY', hour: 0, minute: 30, comment: 'Monday 00:30 UTC' }] },
    workflowType: 'weeklyAudit',
    args: [],
    overlap: ScheduleOverlapPolicy.SKIP,
    catchupWindow: '1 day',
  },
];
