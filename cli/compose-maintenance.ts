import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { MaintenanceDeps } from '../activities/maintenance-activities';
import { EXPORT_LINK_TTL_MS } from '../infra/compliance/dsr-links';
import type { Config } from '../infra/config/load-config';
import type { Db } from '../infra/db/open-database';
import { OPS_HISTORY_DAYS } from '../infra/db/repositories/ops-reports';
import { snapshotConfiguration } from './compose-replica';

/** The weekly maintenance's services; retention follows what already exists (export link lifetime, routine history). */
export function composeMaintenance(config: Config, db: Db, temporal: Client): MaintenanceDeps['maintenance'] {
  return {
    db,
    configuration: snapshotConfiguration(config, temporal),
    backupParentPageId: config.notion.configBackupPageId,
    exportsDir: path.join(config.dataDir, 'exports'),
    // An export past its signed link's lifetime can no longer be downloaded by anyone.
    exportRetentionDays: Math.ceil(EXPORT_LINK_TTL_MS / 86_400_000),
    mediaCacheDir: config.media.cacheDir,
    mediaCacheMaxAgeMs: config.media.cacheMaxAgeMs,
    historyRetentionDays: OPS_HISTORY_DAYS,
  };
}
