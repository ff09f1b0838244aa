import path from 'node:path';
import { redactedConfig } from '../infra/backup/redacted-config';
import { createSnapshotService, type SnapshotService } from '../infra/backup/snapshot-service';
import type { Config } from '../infra/config/load-config';
import type { Database } from '../infra/db/open-database';
import { findTool } from '../infra/tools/find-tool';
import { systemPath } from './boot';

/** The snapshot service over this process's database; the embedded Temporal file only without TEMPORAL_ADDRESS. */
export function composeReplica(config: Config, database: Database, buildId: string): SnapshotService {
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
    configuration: () => Promise.resolve({ config: redactedConfig(config) }),
  });
}
