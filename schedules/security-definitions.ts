import { ScheduleOverlapPolicy } from '@temporalio/client';
import type { ScheduleDefinition } from './schedule-definition';

/** Housekeeping of the admin rate guard: auth_failures and ip_bans otherwise grow forever. */
export const securityPruneSchedule: ScheduleDefinition = {
  id: 'security-prune',
  description: 'Prune auth_failures and ip_bans that ended more than a day ago (03:40 UTC daily)',
  spec: { calendars: [{ hour: 3, minute: 40, comment: '03:40 UTC daily' }] },
  workflowType: 'securityPrune',
  args: [],
  overlap: ScheduleOverlapPolicy.SKIP,
  catchupWindow: '6 hours',
};
