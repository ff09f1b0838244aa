import { ActivityFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  WEEKLY_MAINTENANCE_REPORT,
  type ConfigBackupOutcome,
  type WeeklyMaintenanceResult,
} from '../domain/contracts/weekly-maintenance';
import { notify } from './notify';

// Each page of JSON is a few requests at the shared 3/s Notion limit.
const { backupConfigToNotion } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { maximumAttempts: 3, initialInterval: '2 seconds' },
});
const { pruneMaintenance } = proxyActivities<Activities>({
  startToCloseTimeout: '15 minutes',
  retry: { maximumAttempts: 3, initialInterval: '30 seconds' },
});
const { storeOpsReport } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 3 },
});

const message = (err: unknown) =>
  err instanceof ActivityFailure && err.cause ? err.cause.message : (err as Error).message;

/**
 * Sundays 03:00 UTC (schedule `weekly-maintenance`) and on `POST /api/maintenance/run`: the configuration
 * to Notion, then the prune. A failed Notion backup does not stop the prune; it is in the report and
 * alerts. The routine report says what was done either way.
 */
export async function weeklyMaintenance(): Promise<WeeklyMaintenanceResult> {
  const info = workflowInfo();
  const title = `EchoPilot configuration ${info.runStartTime.toISOString().slice(0, 10)} (${info.workflowId})`;
  let configBackup: ConfigBackupOutcome;
  try {
    configBackup = await backupConfigToNotion({ title });
  } catch (err) {
    configBackup = { written: false, reason: 'failed', error: message(err) };
  }
  const pruned = await pruneMaintenance();
  const backupText = configBackup.written
    ? `configuration backed up to Notion (${configBackup.blocks} blocks)`
    : configBackup.reason === 'failed'
      ? `configuration backup FAILED: ${configBackup.error}`
      : 'configuration backup skipped (Notion or NOTION_CONFIG_BACKUP_PAGE_ID not set)';
  const summary =
    `${backupText}; pruned ${pruned.exports} exports, ${pruned.mediaCache} media cache entries, ` +
    `${pruned.routineReports} routine reports, ${pruned.alertLog} alert log rows`;
  const failure = !configBackup.written && configBackup.reason === 'failed' ? configBackup.error : undefined;
  const reportId = await storeOpsReport({
    kind: WEEKLY_MAINTENANCE_REPORT,
    status: failure === undefined ? 'ok' : 'warning',
    summary,
    body: { configBackup, pruned },
  });
  if (failure !== undefined)
    await notify({
      key: 'weekly-maintenance:config-backup',
      severity: 'warning',
      title: 'Weekly configuration backup to Notion failed',
      text: failure,
    });
  return { configBackup, pruned, reportId };
}
