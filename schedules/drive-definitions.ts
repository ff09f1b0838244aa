import { ScheduleOverlapPolicy } from '@temporalio/client';
import type { Config } from '../infra/config/load-config';
import type { ScheduleDefinition } from './schedule-definition';

/** Google Drive delivery; only with GOOGLE_DRIVE_CREDENTIALS and GOOGLE_DRIVE_PARENT_FOLDER_ID set. */
export function driveSchedules(config: Config): ScheduleDefinition[] {
  if (!config.drive.credentials || !config.drive.parentFolderId) return [];
  const every = config.drive.everySeconds;
  return [
    {
      id: 'drive-delivery',
      description: `Finished results uploaded to the clients' Google Drive folders every ${every} s`,
      spec: { intervals: [{ every: `${every} seconds` }] },
      workflowType: 'driveDelivery',
      args: [],
      overlap: ScheduleOverlapPolicy.SKIP,
      catchupWindow: '10 minutes',
    },
  ];
}
