import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { pgliteCopyChannel } from '../../infra/backup/copy-channel';
import { COPY_FOLDER, COPY_INDEX, exportByCopy, importByCopy } from '../../infra/backup/copy-export';
import { checkFiles, readManifest } from '../../infra/backup/manifest';
import { restoreSnapshot } from '../../infra/backup/restore';
import { createSnapshotService } from '../../infra/backup/snapshot-service';
import type { Database } from '../../infra/db/open-database';
import { openTestDatabase } from '../support/test-database';

const rows = async <T>(db: Database, q: SQL): Promise<T[]> => ((await db.db.execute(q)) as { rows: T[] }).rows;

/** What the export must carry: rows, a serial's position, and a trigger-kept rollup (not counted twice). */
const state = async (db: Database) => ({
  clients: await rows(db, sql`select id, name, email from clients order by id`),
  jobs: await rows(db, sql`select task_id, title, cost_micro_usd::text as cost from jobs order by task_id`),
  rollup: await rows(db, sql`select day::text, client_key, cost_micro_usd::text as cost, tasks from job_cost_daily`),
  health: await rows(db, sql`select id, source from health_reports order by id`),
});

async function fill(db: Database) {
  await db.db.execute(sql`insert into clients (id, name, email, rate_cents_per_min)
    values ('copy-acme', 'Acme, "quoted"', 'a@a.example', 10), ('copy-tab', E'tab\\there\\nnewline', null, 5)`);
  await db.db.execute(sql`insert into jobs (task_id, workflow_id, source, client_id, title, prompt, status,
    cost_micro_usd, completed_at) values ('t-copy', 'wf-copy', 'api', 'copy-acme', 'T', 'P', 'completed', 4200,
    '2026-12-01T10:00:00Z')`);
  await db.db.execute(
    sql`insert into health_reports (source, status, checks) values ('a', 'ok', '[]'), ('b', 'ok', '[]')`,
  );
}

// test/db runs twice in CI: on PGlite, and on PostgreSQL (scripts/test-postgres.sh sets TEST_DATABASE_URL).
describe('PostgreSQL logical export without pg_dump: every table COPYed out, and back in', { timeout: 300_000 }, () => {
  it('a snapshot taken without pg_dump holds a COPY export that restores rows, sequences and rollups', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'echopilot-copy-'));
    const source = await openTestDatabase();
    const target = await openTestDatabase();
    try {
      await fill(source);
      const before = await state(source);
      let snapshotDir: string;
      if (source.kind === 'postgres') {
        // The snapshot service and `echopilot restore` themselves, with pg_dump and pg_restore not found.
        const base = new URL(process.env.TEST_DATABASE_URL!);
        const urlOf = async (db: Database) =>
          Object.assign(new URL(base), {
            pathname: `/${(await rows<{ n: string }>(db, sql`select current_database() as n`))[0]!.n}`,
          }).toString();
        const r = await createSnapshotService({
          root: work,
          createRoot: true,
          keep: 2,
          buildId: 'test',
          database: { database: source, url: await urlOf(source), pgDumpPath: undefined },
          auditDir: path.join(work, 'none'),
          configuration: () => Promise.resolve({}),
        }).take();
        snapshotDir = r.path;
        await restoreSnapshot({
          snapshotDir,
          dataDir: path.join(work, 'data'),
          force: false,
          databaseUrl: await urlOf(target),
        });
      } else {
        // PGlite is snapshotted by its own dump; the same export and import code runs here through its COPY device.
        snapshotDir = path.join(work, 'copy');
        await exportByCopy(pgliteCopyChannel(source.pglite!), snapshotDir);
        await importByCopy(pgliteCopyChannel(target.pglite!), snapshotDir);
      }
      const files = readdirSync(path.join(snapshotDir, COPY_FOLDER));
      expect(files).toContain(path.basename(COPY_INDEX));
      expect(files.some((f) => f.endsWith('-clients.copy'))).toBe(true);
      if (source.kind === 'postgres') {
        const manifest = await readManifest(snapshotDir);
        expect(manifest.files.some((f) => f.file === COPY_INDEX)).toBe(true);
        expect(await checkFiles(snapshotDir, manifest.files)).toEqual([]);
      }
      expect(await state(target)).toEqual(before);
      // The serial goes on after the restored ids instead of colliding with them.
      await target.db.execute(sql`insert into health_reports (source, status, checks) values ('c', 'ok', '[]')`);
      expect((await rows<{ id: number }>(target, sql`select max(id) as id from health_reports`))[0]!.id).toBe(3);
    } finally {
      await source.close();
      await target.close();
      rmSync(work, { recursive: true, force: true });
    }
  });
});
