import { sql } from 'drizzle-orm';
import type { Db } from '../../infra/db/open-database';
import { sqlRows } from '../../infra/db/repositories/sql-rows';

const TABLES = sql`'jobs', 'job_attempts'`;

/** What `setAsideForBulkLoad` dropped, as the catalog defined it. */
export interface SetAside {
  indexes: { name: string; def: string }[];
  foreignKeys: { table: string; name: string; def: string }[];
}

/**
 * Drops the secondary indexes of the ledger tables (not primary keys or unique constraints) and the
 * foreign key from job_attempts to jobs, and returns their definitions exactly as the migrations created
 * them, read back from the catalog. Rebuilt afterwards, each index is one sorted pass instead of millions
 * of random b-tree inserts, and the foreign key is checked over all rows by one join instead of a locking
 * look-up per attempt row (which also rewrote every jobs page to mark the lock).
 */
export async function setAsideForBulkLoad(db: Db): Promise<SetAside> {
  const indexes = await sqlRows<{ name: string; def: string }>(
    db,
    sql`select i.indexname as name, i.indexdef as def from pg_indexes i
        where i.schemaname = 'public' and i.tablename in (${TABLES})
          and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
        order by i.indexname`,
  );
  const foreignKeys = await sqlRows<{ table: string; name: string; def: string }>(
    db,
    sql`select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as def from pg_constraint
        where contype = 'f' and conrelid::regclass::text in (${TABLES}) and confrelid::regclass::text in (${TABLES})
        order by conname`,
  );
  for (const f of foreignKeys) await db.execute(sql.raw(`alter table "${f.table}" drop constraint "${f.name}"`));
  for (const r of indexes) await db.execute(sql.raw(`drop index "${r.name}"`));
  return { indexes, foreignKeys };
}

/** Rebuilds what was set aside from the saved definitions; more sort memory makes each index a single pass. */
export async function restoreAfterBulkLoad(db: Db, saved: SetAside): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local maintenance_work_mem = '1GB'`);
    for (const d of saved.indexes) await tx.execute(sql.raw(d.def));
    // Validated here over every row: a generated attempt without its task fails the fill.
    for (const f of saved.foreignKeys)
      await tx.execute(sql.raw(`alter table "${f.table}" add constraint "${f.name}" ${f.def}`));
  });
}
