/** The kind of the weekly-maintenance routine report (`ops_reports`). */
export const WEEKLY_MAINTENANCE_REPORT = 'weekly-maintenance';

/** Where the configuration backup went: a Notion child page, or why none was written. */
export type ConfigBackupOutcome =
  | { written: true; pageId: string; url?: string; title: string; blocks: number }
  | { written: false; reason: 'not_configured' }
  | { written: false; reason: 'failed'; error: string };

/** What one prune pass removed. */
export interface MaintenancePruneCounts {
  /** DSR export folders under DATA_DIR/exports past their download link's lifetime. */
  exports: number;
  /** Media cache entries older than MEDIA_CACHE_MAX_AGE_HOURS. */
  mediaCache: number;
  /** Routine reports (every kind) older than the routine history retention. */
  routineReports: number;
  /** Alert history rows older than the same retention. */
  alertLog: number;
  exportRetentionDays: number;
  historyRetentionDays: number;
}

/** The answer of `POST /api/maintenance/run` and of the weeklyMaintenance workflow. */
export interface WeeklyMaintenanceResult {
  configBackup: ConfigBackupOutcome;
  pruned: MaintenancePruneCounts;
  reportId: number;
}
