import path from 'node:path';
import type { Client } from '@temporalio/client';
import { redactedConfig } from '../infra/backup/redacted-config';
import { createS3Replica } from '../infra/backup/s3-replica';
import { createSnapshotService, type SnapshotService } from '../infra/backup/snapshot-service';
import type { Config } from '../infra/config/load-config';
import type { Database } from '../infra/db/open-database';
import { findTool } from '../infra/tools/find-tool';
import { listScheduleViews } from '../schedules/manage-schedules';
import { systemPath } from './boot';

/** The configuration a snapshot stores and the weekly backup writes to Notion: no secrets, schedules with pause state and notes. */
export function snapshotConfiguration(config: Config, temporal: Client): () => Promise<unknown> {
  // The schedules with pause state and notes, readable without Temporal (an external server is not in the snapshot).
  const schedules = async () =>
    (await listScheduleViews(temporal)).map(({ id, description, spec, paused, note }) => ({
      id,
      description,
      spec,
      paused,
      note,
    }));
  return async () => ({
    config: redactedConfig(config),
    schedules: await schedules().catch((err: unknown) => ({ unavailable: (err as Error).message })),
  });
}

/** The snapshot service over this process's database; the embedded Temporal file only without TEMPORAL_ADDRESS. */
export function composeReplica(config: Config, database: Database, temporal: Client, buildId: string): SnapshotService {
  const pathVar = systemPath();
  return createSnapshotService({
    root: config.replica.dir,
    createRoot: config.replica.underDataDir,
    keep: config.replica.keep,
    buildId,
    database: {
      database,
      url: config.database.url,
      pgDumpPath: database.kind === 'postgres' ? findTool('pg_dump', undefined, pathVar, []) : undefined,
      systemPath: pathVar,
    },
    temporalDb: config.temporal.address ? undefined : path.join(config.dataDir, 'temporal.db'),
    auditDir: config.audit.dir,
    configuration: snapshotConfiguration(config, temporal),
    s3: config.replica.s3 && createS3Replica(config.replica.s3, config.replica.keep, config.secretValues),
  });
}
