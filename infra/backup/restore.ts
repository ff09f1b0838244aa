import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDatabase } from '../db/open-database';
import { pgCopyChannel } from './copy-channel';
import { COPY_INDEX, importByCopy } from './copy-export';
import { PG_DUMP_FILE, PGLITE_DUMP_FILE } from './database-export';
import { checkFiles, readManifest } from './manifest';
import { AUDIT_FOLDER, TEMPORAL_DB_FILE } from './snapshot-service';

const run = promisify(execFile);

export class RestoreRefused extends Error {
  override name = 'RestoreRefused';
}

export interface RestoreOptions {
  snapshotDir: string;
  dataDir: string;
  /** Move the current state aside instead of refusing. */
  force: boolean;
  /** DATABASE_URL: a PostgreSQL snapshot is restored there (pg_restore, or COPY for a COPY export). */
  databaseUrl?: string;
  pgRestorePath?: string;
  systemPath?: string;
}

export interface RestoreOutcome {
  snapshotId: string;
  createdAt: string;
  files: number;
  database: 'pglite' | 'postgres';
  temporal: 'embedded' | 'external';
  /** Where --force moved the state it replaced. */
  movedAside?: string;
}

/** What a restore would overwrite: the embedded databases (key files and logs may already be back). */
const STATE = ['pglite', TEMPORAL_DB_FILE, `${TEMPORAL_DB_FILE}-wal`, `${TEMPORAL_DB_FILE}-shm`];

function occupied(dataDir: string): string[] {
  return STATE.filter((n) => {
    const p = path.join(dataDir, n);
    if (!existsSync(p)) return false;
    return n !== 'pglite' || readdirSync(p).length > 0;
  });
}

async function moveAside(dataDir: string, names: string[]): Promise<string> {
  const aside = path.join(dataDir, `pre-restore-${new Date().toISOString().replace(/[-:.]/g, '')}`);
  await mkdir(aside, { recursive: true, mode: 0o700 });
  for (const n of names) await rename(path.join(dataDir, n), path.join(aside, n));
  return aside;
}

/** A COPY export (taken where pg_dump was missing): the database is migrated first, then its rows loaded. */
async function restoreCopyExport(url: string, snapshotDir: string): Promise<void> {
  await (await openDatabase({ kind: 'postgres', url })).close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await importByCopy(pgCopyChannel(client), snapshotDir);
  } finally {
    await client.end();
  }
}

/**
 * Restores a verified generation into the data folder: the next `echopilot start` runs on it. Refuses
 * a snapshot whose files do not match its manifest (naming them) and, without `force`, a data folder
 * that already holds a database.
 */
export async function restoreSnapshot(o: RestoreOptions): Promise<RestoreOutcome> {
  const manifest = await readManifest(o.snapshotDir);
  const mismatches = await checkFiles(o.snapshotDir, manifest.files);
  if (mismatches.length)
    throw new RestoreRefused(
      `snapshot ${manifest.snapshotId} does not match its manifest: ${mismatches.map((m) => `${m.file} (${m.problem === 'missing' ? 'missing' : `${m.problem} differs`})`).join(', ')}`,
    );
  if (manifest.database === 'pglite' && o.databaseUrl)
    throw new RestoreRefused('the snapshot holds an embedded (PGlite) database but DATABASE_URL is set: unset it');
  if (manifest.database === 'postgres' && !o.databaseUrl)
    throw new RestoreRefused('the snapshot holds a PostgreSQL export: set DATABASE_URL to the database to restore');
  await mkdir(o.dataDir, { recursive: true, mode: 0o700 });
  const inTheWay = occupied(o.dataDir);
  if (inTheWay.length && !o.force)
    throw new RestoreRefused(
      `${o.dataDir} already holds ${inTheWay.join(', ')}: restore into an empty data folder, or pass --force to move them aside`,
    );
  const movedAside = inTheWay.length ? await moveAside(o.dataDir, inTheWay) : undefined;
  const from = (f: string) => path.join(o.snapshotDir, ...f.split('/'));

  if (manifest.temporal === 'embedded') await copyFile(from(TEMPORAL_DB_FILE), path.join(o.dataDir, TEMPORAL_DB_FILE));
  if (manifest.database === 'pglite') {
    const tarball = new Blob([await readFile(from(PGLITE_DUMP_FILE))], { type: 'application/x-gzip' });
    const db = new PGlite(path.join(o.dataDir, 'pglite'), { loadDataDir: tarball });
    await db.waitReady;
    await db.close();
  } else if (manifest.files.some((f) => f.file === COPY_INDEX)) {
    await restoreCopyExport(o.databaseUrl!, o.snapshotDir);
  } else {
    if (!o.pgRestorePath) throw new RestoreRefused('pg_restore was not found on PATH: install postgresql-client');
    const u = new URL(o.databaseUrl!);
    await run(
      o.pgRestorePath,
      ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--dbname', u.pathname.slice(1), from(PG_DUMP_FILE)],
      {
        env: {
          PATH: o.systemPath ?? '',
          PGHOST: u.hostname,
          PGPORT: u.port || '5432',
          PGUSER: decodeURIComponent(u.username),
          PGPASSWORD: decodeURIComponent(u.password),
        },
      },
    );
  }
  const audit = manifest.files.filter((f) => f.file.startsWith(`${AUDIT_FOLDER}/`));
  if (audit.length) await mkdir(path.join(o.dataDir, 'backups', AUDIT_FOLDER), { recursive: true, mode: 0o700 });
  for (const f of audit) await copyFile(from(f.file), path.join(o.dataDir, 'backups', ...f.file.split('/')));
  return {
    snapshotId: manifest.snapshotId,
    createdAt: manifest.createdAt,
    files: manifest.files.length,
    database: manifest.database,
    temporal: manifest.temporal,
    movedAside,
  };
}
