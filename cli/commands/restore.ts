import { existsSync } from 'node:fs';
import path from 'node:path';
import { restoreSnapshot, RestoreRefused } from '../../infra/backup/restore';
import { portOpen } from '../../infra/temporal/dev-server';
import { findTool } from '../../infra/tools/find-tool';
import { bootConfig, systemPath } from '../boot';

/** A snapshot id (a generation under RAILWAY_FALLBACK_PATH) or a path to a generation folder. */
function resolveSnapshot(arg: string, replicaDir: string): string {
  const underRoot = path.join(replicaDir, arg);
  if (/^snapshot-[0-9TZ]+$/.test(arg) && existsSync(underRoot)) return underRoot;
  return path.resolve(arg);
}

/**
 * `echopilot restore <snapshot> [--force]`: refuses while the platform runs (its API or embedded Temporal
 * port answers) and, without --force, a data folder that already holds a database.
 */
export async function restoreCommand(snapshot: string, opts: { force?: boolean }): Promise<number> {
  const config = bootConfig();
  const busy = [
    (await portOpen(config.http.port, '127.0.0.1')) && `the API port ${config.http.port}`,
    !config.temporal.address &&
      (await portOpen(config.temporal.devPort)) &&
      `the embedded Temporal port ${config.temporal.devPort}`,
  ].filter(Boolean);
  if (busy.length) {
    console.error(`refusing to restore: the platform seems to be running (${busy.join(', ')} answers). Stop it first.`);
    return 1;
  }
  const snapshotDir = resolveSnapshot(snapshot, config.replica.dir);
  const pathVar = systemPath();
  try {
    const r = await restoreSnapshot({
      snapshotDir,
      dataDir: config.dataDir,
      force: !!opts.force,
      databaseUrl: config.database.url,
      pgRestorePath: config.database.url ? findTool('pg_restore', undefined, pathVar, []) : undefined,
      systemPath: pathVar,
    });
    console.log(
      [
        `restored ${r.snapshotId} (taken ${r.createdAt}, ${r.files} files, every hash verified) into ${config.dataDir}`,
        `  database  ${r.database === 'pglite' ? `PGlite ${path.join(config.dataDir, 'pglite')}` : 'PostgreSQL (DATABASE_URL)'}`,
        `  temporal  ${r.temporal === 'embedded' ? path.join(config.dataDir, 'temporal.db') : 'external: restore it with its own operator'}`,
        ...(r.movedAside ? [`  previous state moved to ${r.movedAside}`] : []),
        'Keys are not in snapshots: keep ENCRYPTION_MASTER_KEY / DASHBOARD_KEY / AUDIT_SIGNING_KEY (or their files) as before.',
        'Next: echopilot start',
      ].join('\n'),
    );
    return 0;
  } catch (err) {
    if (!(err instanceof Error)) throw err;
    console.error(`${err instanceof RestoreRefused ? 'restore refused' : 'restore failed'}: ${err.message}`);
    return 1;
  }
}
