import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { Database } from '../db/open-database';
import { pgCopyChannel } from './copy-channel';
import { exportByCopy } from './copy-export';
import { sha256File } from './hash-file';
import type { ManifestEntry } from './manifest';

const run = promisify(execFile);

/** File names inside a snapshot: what `echopilot restore` looks for. */
export const PGLITE_DUMP_FILE = 'database-pglite.tar.gz';
export const PG_DUMP_FILE = 'database.pgdump';

export interface DatabaseExportTarget {
  database: Pick<Database, 'kind' | 'dumpDataDir'>;
  /** DATABASE_URL (PostgreSQL). */
  url?: string;
  /** pg_dump to run for PostgreSQL (found on PATH by the caller); without it, a COPY export (copy-export.ts). */
  pgDumpPath?: string;
  /** PATH for the pg_dump child (configuration is read in cli/boot.ts only). */
  systemPath?: string;
}

/** libpq settings from a URL: the password travels in the child's environment, never on its command line. */
function libpqEnv(url: string): Record<string, string> {
  const u = new URL(url);
  const env: Record<string, string> = { PGHOST: u.hostname, PGPORT: u.port || '5432' };
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const db = u.pathname.replace(/^\//, '');
  if (db) env.PGDATABASE = decodeURIComponent(db);
  const sslmode = u.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}

/**
 * Writes a consistent export of the application database into `dir`; returns its files.
 * PGlite: its own data-folder tarball (it serves one query at a time, so the dump sits between two
 * transactions), hashed in memory before it is written. PostgreSQL: `pg_dump --format=custom`, one
 * repeatable-read transaction, hashed as written; where pg_dump is not installed, every table COPYed
 * out in one repeatable-read transaction (copy-export.ts).
 */
export async function exportDatabase(t: DatabaseExportTarget, dir: string): Promise<ManifestEntry[]> {
  if (t.database.kind === 'pglite') {
    if (!t.database.dumpDataDir) throw new Error('this PGlite database cannot dump its data folder');
    const bytes = Buffer.from(await (await t.database.dumpDataDir()).arrayBuffer());
    await writeFile(path.join(dir, PGLITE_DUMP_FILE), bytes, { mode: 0o600 });
    return [{ file: PGLITE_DUMP_FILE, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }];
  }
  if (!t.url) throw new Error('DATABASE_URL is not set');
  if (!t.pgDumpPath) {
    const client = new pg.Client({ connectionString: t.url });
    await client.connect();
    try {
      return await exportByCopy(pgCopyChannel(client), dir);
    } finally {
      await client.end();
    }
  }
  const file = path.join(dir, PG_DUMP_FILE);
  await run(t.pgDumpPath, ['--format=custom', '--no-owner', '--no-privileges', '--file', file], {
    env: { PATH: t.systemPath ?? '', ...libpqEnv(t.url) },
    maxBuffer: 16 * 1024 * 1024,
  });
  return [{ file: PG_DUMP_FILE, size: (await stat(file)).size, sha256: await sha256File(file) }];
}
