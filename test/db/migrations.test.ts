import { is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { createHealthReportRepository } from '../../infra/db/repositories/health-reports';
import * as schema from '../../infra/db/schema';
import { openTestDatabase } from '../support/test-database';

// What the Drizzle schema declares: every table with its columns (the migrations must create exactly these).
const declared = Object.values(schema as Record<string, unknown>)
  .filter((v): v is PgTable => is(v, PgTable))
  .map((t) => getTableConfig(t))
  .map((c) => ({ table: c.name, columns: c.columns.map((col) => col.name).sort() }))
  .sort((a, b) => a.table.localeCompare(b.table));

describe('migrations', () => {
  it('create every table the schema declares, each with exactly its declared columns', async () => {
    expect(declared.length).toBeGreaterThan(10); // the schema was read, not an empty module
    const database = await openTestDatabase();
    try {
      const rows = await database.db.execute(
        sql`select table_name, column_name from information_schema.columns where table_schema = 'public'`,
      );
      const actual = new Map<string, string[]>();
      for (const r of (rows as { rows: { table_name: string; column_name: string }[] }).rows) {
        actual.set(r.table_name, [...(actual.get(r.table_name) ?? []), r.column_name]);
      }
      const created = declared.map(({ table }) => ({ table, columns: (actual.get(table) ?? []).sort() }));
      expect(created).toEqual(declared);
    } finally {
      await database.close();
    }
  });

  it('round-trip JSON columns', async () => {
    const database = await openTestDatabase();
    try {
      const repo = createHealthReportRepository(database.db);
      const checks = [{ name: 'database' as const, status: 'ok' as const, latencyMs: 2, detail: 'query ok' }];
      const id = await repo.insert({ source: 'test', status: 'ok', checks, workflowId: 'wf-1', buildId: 'abc' });
      expect(await repo.latest()).toMatchObject({
        id,
        source: 'test',
        status: 'ok',
        checks,
        workflowId: 'wf-1',
        buildId: 'abc',
      });
    } finally {
      await database.close();
    }
  });
});
