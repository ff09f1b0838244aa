import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createHealthReportRepository } from '../../infra/db/repositories/health-reports';
import { openTestDatabase } from '../support/test-database';

describe('migrations', () => {
  it('create every table and round-trip JSON columns', async () => {
    const database = await openTestDatabase();
    try {
      const rows = await database.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`);
      const names = (rows as unknown as { rows: { table_name: string }[] }).rows.map((r) => r.table_name);
      expect(names).toEqual(expect.arrayContaining(['auth_failures', 'ip_bans', 'health_reports']));
      const repo = createHealthReportRepository(database.db);
      const checks = [{ name: 'database' as const, status: 'ok' as const, latencyMs: 2, detail: 'query ok' }];
      const id = await repo.insert({ source: 'test', status: 'ok', checks, workflowId: 'wf-1', buildId: 'abc' });
      expect(await repo.latest()).toMatchObject({ id, source: 'test', status: 'ok', checks, workflowId: 'wf-1', buildId: 'abc' });
    } finally {
      await database.close();
    }
  });
});
