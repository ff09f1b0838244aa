import type { ConfigBackupOutcome, MaintenancePruneCounts } from '../domain/contracts/weekly-maintenance';
import type { Db } from '../infra/db/open-database';
import { pruneRoutineHistory } from '../infra/db/repositories/routine-history';
import { pruneOldEntries } from '../infra/maintenance/prune-old-entries';
import { createMediaCache } from '../infra/media/media-cache';
import { writeConfigBackupPage } from '../infra/notion/config-backup-page';
import type { NotionGateway } from '../infra/notion/notion-gateway';

const DAY_MS = 86_400_000;

export interface MaintenanceDeps {
  notion?: NotionGateway;
  /** Unset in a process without the database (the API-only role never runs activities). */
  maintenance?: {
    db: Db;
    /** The snapshot's redacted configuration: schedules with pause state and notes, prices, plans, limits, env. */
    configuration(): Promise<unknown>;
    /** NOTION_CONFIG_BACKUP_PAGE_ID: the parent page of the weekly backups. */
    backupParentPageId?: string;
    exportsDir: string;
    exportRetentionDays: number;
    mediaCacheDir: string;
    mediaCacheMaxAgeMs: number;
    historyRetentionDays: number;
  };
}

const off = () => new Error('this worker has no maintenance services');

export function createMaintenanceActivities(deps: MaintenanceDeps) {
  return {
    /**
     * The configuration as a child page of NOTION_CONFIG_BACKUP_PAGE_ID (the original EchoPilot runbook
     * keeps it in Notion). `title` names the run, so a retry rewrites the same page.
     */
    async backupConfigToNotion(input: { title: string }): Promise<ConfigBackupOutcome> {
      const m = deps.maintenance;
      if (!m) throw off();
      if (!deps.notion || !m.backupParentPageId) return { written: false, reason: 'not_configured' };
      const page = await writeConfigBackupPage(deps.notion, m.backupParentPageId, input.title, await m.configuration());
      return { written: true, title: input.title, ...page };
    },

    /** Old DSR exports, media cache entries and routine history; answers what it removed. */
    async pruneMaintenance(): Promise<MaintenancePruneCounts> {
      const m = deps.maintenance;
      if (!m) throw off();
      const now = Date.now();
      const exports = await pruneOldEntries(m.exportsDir, new Date(now - m.exportRetentionDays * DAY_MS));
      const mediaCache = await createMediaCache(m.mediaCacheDir).sweep(m.mediaCacheMaxAgeMs, now);
      const history = await pruneRoutineHistory(m.db, new Date(now - m.historyRetentionDays * DAY_MS));
      return {
        exports,
        mediaCache,
        ...history,
        exportRetentionDays: m.exportRetentionDays,
        historyRetentionDays: m.historyRetentionDays,
      };
    },
  };
}
