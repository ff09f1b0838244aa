import { ScheduleOverlapPolicy } from '@temporalio/client';
import type { ScheduleDefinition } from './schedule-definition';

/** The original EchoPilot runbook's weekly configuration backup, plus the prune of what has outlived its retention. */
export const weeklyMaintenanceSchedule: ScheduleDefinition = {
  id: 'weekly-maintenance',
  description:
    'Sundays 03:00 UTC: configuration backup to Notion (NOTION_CONFIG_BACKUP_PAGE_ID), prune of old DSR exports, media cache and routine history',
  spec: { calendars: [{ dayOfWeek: 'SUNDAY', hour: 3, minute: 0, comment: 'Sundays 03:00 UTC' }] },
  workflowType: 'weeklyMaintenance',
  args: [],
  overlap: ScheduleOverlapPolicy.SKIP,
  // A machine down on Sunday night still does its week's maintenance when it comes back that morning.
  catchupWindow: '6 hours',
};
