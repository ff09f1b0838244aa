import type { Client } from '@temporalio/client';
import type { NotionStatusDeps } from '../activities/notion-status-activities';
import type { SnapshotService } from '../infra/backup/snapshot-service';
import { readReplicaStatus } from '../infra/backup/replica-status';
import type { Config } from '../infra/config/load-config';
import type { Db } from '../infra/db/open-database';
import { countOpenAlerts } from '../infra/db/repositories/open-alerts';
import { listScheduleViews } from '../schedules/manage-schedules';

/** The Notion Status database's sources; undefined without STATUS_DB_ID (the heartbeat then writes nothing). */
export function composeStatusDb(
  config: Config,
  db: Db,
  temporal: Client,
  replica: SnapshotService,
): NotionStatusDeps['statusDb'] {
  const databaseId = config.notion.statusDbId;
  if (!databaseId) return undefined;
  return {
    databaseId,
    facts: {
      async schedules() {
        const views = await listScheduleViews(temporal);
        const paused = views.filter((v) => v.paused).length;
        return { running: views.length - paused, paused };
      },
      async lastSnapshot() {
        const status = await readReplicaStatus(replica, new Date());
        return status.last && { ...status.last, stale: status.stale };
      },
      openAlerts: () => countOpenAlerts(db, new Date(Date.now() - config.alerts.dedupeMinutes * 60_000)),
    },
  };
}
