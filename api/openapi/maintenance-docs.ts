import { maintenanceRunBody } from '../routes/maintenance-routes';
import type { RouteDoc } from './route-doc';

export const maintenanceDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/maintenance/run',
    tag: 'Continuity',
    auth: 'dashKey',
    body: maintenanceRunBody,
    summary: 'Run the weekly maintenance now (the weeklyMaintenance workflow; also Sundays 03:00 UTC)',
    description:
      "Backs up the snapshot's redacted configuration (schedules with pause state and notes, prices, plans, rate " +
      'limits, non-secret settings) to a child page of NOTION_CONFIG_BACKUP_PAGE_ID when Notion is configured, then ' +
      'prunes DSR exports past their link lifetime (7 days), media cache entries past MEDIA_CACHE_MAX_AGE_HOURS and ' +
      'routine reports and alert history past 30 days. Leaves a `weekly-maintenance` routine report; a failed ' +
      'Notion backup is reported there and alerts, and the prune still runs. A concurrent call joins the run in progress.',
    responses: {
      200: '`{ workflowId, status: "completed", configBackup: { written, pageId?, url?, title?, blocks?, reason?, error? }, pruned: { exports, mediaCache, routineReports, alertLog, exportRetentionDays, historyRetentionDays }, reportId }`',
      202: 'Still running: `{ workflowId, status: "running" }`',
      503: '`maintenance_failed`: the prune failed; the message says why',
    },
  },
];
