import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { MIGRATIONS_DIR } from '../paths';
import * as schema from './schema';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Round trip to the database; throws when it is unreachable. */
  ping: () => Promise<void>;
  close: () => Promise<void>;
  /** PGlite only: a consistent tarball of its data folder (snapshots; PGlite runs one query at a time). */
  dumpDataDir?: () => Promise<Blob>;
  /** PGlite only: the engine itself (the COPY export speaks to it directly: infra/backup/copy-channel.ts). */
  pglite?: PGlite;
}

export type DatabaseTarget =
  | { kind: 'postgres'; url: string }
  /** `dir` unset = in-memory (tests). */
  | { kind: 'pglite'; dir?: string };

/** Opens the database and applies every pending migration. Same schema and code on PGlite and PostgreSQL. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: 10 });
    // A server restart or an administrator ending an idle connection is reported on the pool; unheard,
    // node-postgres rethrows it and the process dies. The pool has already dropped that client and the
    // next query opens a new one, while a query in flight gets its own error, so nothing is lost here.
    pool.on('error', () => undefined);
    // A client checked out (a transaction) when the server goes away emits `error` on itself, not on the
    // pool: unheard, that kills the process (found by the PostgreSQL outage of `npm run chaos`). The query
    // in flight fails on its own and the pool drops the broken client when it is released.
    pool.on('connect', (client) => client.on('error', () => undefined));
    const db = drizzlePg(pool, { schema });
    await migratePg(db, { migrationsFolder: MIGRATIONS_DIR });
    return {
      db: db as unknown as Db,
      kind: 'postgres',
      ping: async () => void (await db.execute(sql`select 1`)),
      close: () => pool.end(),
    };
  }
  if (target.dir) mkdirSync(target.dir, { recursive: true });
  const client = new PGlite(target.dir);
  const db = drizzlePglite(client, { schema });
  await migratePglite(db, { migrationsFolder: MIGRATIONS_DIR });
  return {
    db: db as unknown as Db,
    kind: 'pglite',
    ping: async () => void (await db.execute(sql`select 1`)),
    close: () => client.close(),
    dumpDataDir: () => client.dumpDataDir('gzip'),
    pglite: client,
  };
}

/** DATABASE_URL when set, else the embedded PGlite file under the data folder. */
export function databaseTargetFor(config: { database: { url?: string }; dataDir: string }): DatabaseTarget {
  return config.database.url
    ? { kind: 'postgres', url: config.database.url }
    : { kind: 'pglite', dir: path.join(config.dataDir, 'pglite') };
}
