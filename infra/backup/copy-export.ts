import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { CopyChannel } from './copy-channel';
import { sha256File } from './hash-file';
import type { ManifestEntry } from './manifest';

/** The logical export's folder inside a snapshot, and its index (tables in load order, sequences, schema level). */
export const COPY_FOLDER = 'database-copy';
export const COPY_INDEX = `${COPY_FOLDER}/tables.json`;

interface CopyIndex {
  /** The newest migration applied to the exported database (drizzle's record): a restore needs at least this one. */
  migratedAt: number | null;
  /** Referenced tables before the tables that reference them. */
  tables: { name: string; columns: string[]; file: string }[];
  sequences: { name: string; value: string }[];
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const target = (t: { name: string; columns: string[] }) =>
  `public.${ident(t.name)} (${t.columns.map(ident).join(', ')})`;

/** Tables of the public schema with their stored (not generated) columns, referenced tables first. */
async function tablesInLoadOrder(ch: CopyChannel): Promise<{ name: string; columns: string[] }[]> {
  const cols = await ch.query<{ table: string; column: string }>(
    `select c.relname as "table", a.attname as "column" from pg_class c
       join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
       join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
     where c.relkind in ('r', 'p') order by c.relname, a.attnum`,
  );
  const refs = await ch.query<{ from: string; to: string }>(
    `select c.conrelid::regclass::text as "from", c.confrelid::regclass::text as "to" from pg_constraint c
       join pg_namespace n on n.oid = c.connamespace and n.nspname = 'public'
     where c.contype = 'f' and c.conrelid <> c.confrelid`,
  );
  const columns = new Map<string, string[]>();
  for (const r of cols) columns.set(r.table, [...(columns.get(r.table) ?? []), r.column]);
  const bare = (regclass: string) => regclass.replace(/^public\./, '').replace(/^"(.*)"$/, '$1');
  const needs = new Map<string, string[]>();
  for (const r of refs) needs.set(bare(r.from), [...(needs.get(bare(r.from)) ?? []), bare(r.to)]);
  const order: string[] = [];
  const visit = (name: string, path: string[]) => {
    if (order.includes(name) || path.includes(name)) return;
    for (const dep of needs.get(name) ?? []) visit(dep, [...path, name]);
    order.push(name);
  };
  for (const name of columns.keys()) visit(name, []);
  return order.filter((n) => columns.has(n)).map((name) => ({ name, columns: columns.get(name)! }));
}

/**
 * The PostgreSQL export when `pg_dump` is not installed: every table of the public schema COPYed into
 * `database-copy/<table>.copy` in one repeatable-read, read-only transaction (one consistent view), with
 * the sequences' values and an index. The schema itself is not exported: a restore migrates first.
 */
export async function exportByCopy(ch: CopyChannel, dir: string): Promise<ManifestEntry[]> {
  await mkdir(path.join(dir, COPY_FOLDER), { recursive: true, mode: 0o700 });
  await ch.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const tables = await tablesInLoadOrder(ch);
    const entries: ManifestEntry[] = [];
    const index: CopyIndex = { migratedAt: null, tables: [], sequences: [] };
    for (const [i, t] of tables.entries()) {
      const file = `${COPY_FOLDER}/${String(i).padStart(3, '0')}-${t.name}.copy`;
      const abs = path.join(dir, ...file.split('/'));
      await ch.copyOut(target(t), abs);
      entries.push({ file, size: (await stat(abs)).size, sha256: await sha256File(abs) });
      index.tables.push({ ...t, file });
    }
    index.sequences = await ch.query<{ name: string; value: string }>(
      `select sequencename as name, last_value::text as value from pg_sequences
       where schemaname = 'public' and last_value is not null order by sequencename`,
    );
    const migrated = await ch.query<{ at: string | null }>(
      `select max(created_at)::text as at from drizzle.__drizzle_migrations`,
    );
    index.migratedAt = migrated[0]?.at ? Number(migrated[0].at) : null;
    await ch.query('COMMIT');
    const bytes = Buffer.from(`${JSON.stringify(index, null, 2)}\n`);
    await writeFile(path.join(dir, ...COPY_INDEX.split('/')), bytes, { mode: 0o600 });
    entries.push({ file: COPY_INDEX, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    return entries;
  } catch (err) {
    await ch.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/**
 * Loads a COPY export into a database that is already migrated (to the snapshot's level or later), in one
 * transaction: its rows are replaced (like pg_restore --clean), user triggers (the rollups, the audit log's
 * append-only guard) stay off while the exported rows go back as they were, and sequences are set.
 */
export async function importByCopy(ch: CopyChannel, snapshotDir: string): Promise<{ tables: number }> {
  const index = JSON.parse(await readFile(path.join(snapshotDir, ...COPY_INDEX.split('/')), 'utf8')) as CopyIndex;
  const migrated = await ch.query<{ at: string | null }>(
    `select max(created_at)::text as at from drizzle.__drizzle_migrations`,
  );
  if (index.migratedAt !== null && Number(migrated[0]?.at ?? 0) < index.migratedAt)
    throw new Error('the snapshot was taken by a newer build (more migrations): restore it with that build');
  await ch.query('BEGIN');
  try {
    const all = index.tables.map((t) => `public.${ident(t.name)}`);
    for (const t of all) await ch.query(`ALTER TABLE ${t} DISABLE TRIGGER USER`);
    if (all.length) await ch.query(`TRUNCATE ${all.join(', ')}`);
    for (const t of index.tables) await ch.copyIn(target(t), path.join(snapshotDir, ...t.file.split('/')));
    for (const s of index.sequences)
      await ch.query(`select setval('public.${ident(s.name).replaceAll("'", "''")}', ${BigInt(s.value)}, true)`);
    for (const t of all) await ch.query(`ALTER TABLE ${t} ENABLE TRIGGER USER`);
    await ch.query('COMMIT');
    return { tables: index.tables.length };
  } catch (err) {
    await ch.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
