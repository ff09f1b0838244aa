import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Sqlite from 'libsql';
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../infra/db/open-database';
import { checkFiles, readManifest } from '../../infra/backup/manifest';
import { sha256File } from '../../infra/backup/hash-file';
import { restoreSnapshot } from '../../infra/backup/restore';
import { createSnapshotService, ReplicaPathError } from '../../infra/backup/snapshot-service';
import { PGLITE_DUMP_FILE } from '../../infra/backup/database-export';
import { findTool } from '../../infra/tools/find-tool';
import { openTestDatabase } from '../support/test-database';

const rows = async <T>(db: Database, q: SQL): Promise<T[]> => ((await db.db.execute(q)) as { rows: T[] }).rows;
const clientRows = async (db: Database) =>
  (await rows<{ id: string }>(db, sql`select id from clients order by id`)).map((r) => r.id);

// PGlite dumps and loads tens of MB: minutes on a shared, busy machine.
describe(
  'snapshot service: consistent copies, hashes verified, generations pruned, restore',
  { timeout: 300_000 },
  () => {
    const work = mkdtempSync(path.join(tmpdir(), 'echopilot-snapshot-'));
    const root = path.join(work, 'replica');
    const auditDir = path.join(work, 'audit');
    const temporalDb = path.join(work, 'temporal.db');
    let database: Database;
    let writer: Sqlite.Database;
    let clock = Date.parse('2026-12-07T00:00:00Z');
    const service = (keep = 12, over: Partial<Parameters<typeof createSnapshotService>[0]> = {}) =>
      createSnapshotService({
        root,
        createRoot: true,
        keep,
        buildId: 'test-build',
        database: { database },
        temporalDb,
        auditDir,
        configuration: () => Promise.resolve({ env: { RAILWAY_FALLBACK_PATH: 'backups/replica' } }),
        now: () => new Date((clock += 60_000)),
        ...over,
      });

    beforeAll(async () => {
      database = await openDatabase({ kind: 'pglite', dir: path.join(work, 'pglite') });
      await database.db.execute(
        sql`insert into clients (id, name, email, rate_cents_per_min) values ('acme', 'Acme', 'ops@acme.example', 10)`,
      );
      // A WAL database with a writer that keeps its connection (and so its WAL frames) open, like Temporal.
      writer = new Sqlite(temporalDb);
      writer.exec(
        'PRAGMA journal_mode=WAL; CREATE TABLE h (id INTEGER PRIMARY KEY, v TEXT); PRAGMA wal_autocheckpoint=0',
      );
      const insert = writer.prepare('INSERT INTO h (v) VALUES (?)');
      for (let i = 0; i < 500; i++) insert.run(`event-${i}`);
      mkdirSync(auditDir);
      writeFileSync(path.join(auditDir, 'checkpoint-1.json'), '{"seq":1}\n');
    }, 300_000);
    afterAll(async () => {
      writer.close();
      await database.close();
      rmSync(work, { recursive: true, force: true });
    });

    it('writes a dated generation whose manifest hashes match the files, WAL frames included', async () => {
      const r = await service().take();
      expect(r).toMatchObject({ files: 4, verified: true, path: path.join(root, r.snapshotId) });
      const manifest = await readManifest(r.path);
      expect(manifest.files.map((f) => f.file).sort()).toEqual(
        ['audit/checkpoint-1.json', 'configuration.json', PGLITE_DUMP_FILE, 'temporal.db'].sort(),
      );
      expect(r.bytes).toBe(manifest.files.reduce((n, f) => n + f.size, 0));
      for (const f of manifest.files) expect(await sha256File(path.join(r.path, f.file))).toBe(f.sha256);
      const copy = new Sqlite(path.join(r.path, 'temporal.db'), { readonly: true });
      expect(copy.prepare('SELECT count(*) AS n FROM h').get()).toMatchObject({ n: 500 });
      copy.close();
    });

    it('a corrupted copy is detected and restore refuses it, naming the file', async () => {
      const r = await service().take();
      const dump = path.join(r.path, PGLITE_DUMP_FILE);
      const bytes = readFileSync(dump);
      bytes.writeUInt8(bytes.readUInt8(bytes.length - 10) ^ 0xff, bytes.length - 10);
      writeFileSync(dump, bytes);
      expect(await checkFiles(r.path, (await readManifest(r.path)).files)).toEqual([
        { file: PGLITE_DUMP_FILE, problem: 'sha256' },
      ]);
      const target = path.join(work, 'restore-refused');
      await expect(restoreSnapshot({ snapshotDir: r.path, dataDir: target, force: false })).rejects.toThrow(
        `${PGLITE_DUMP_FILE} (sha256 differs)`,
      );
    });

    it('restores into an empty folder; refuses an occupied one unless forced', async () => {
      const r = await service().take();
      const target = path.join(work, 'restored');
      const outcome = await restoreSnapshot({ snapshotDir: r.path, dataDir: target, force: false });
      expect(outcome).toMatchObject({ snapshotId: r.snapshotId, database: 'pglite', temporal: 'embedded' });
      const restored = await openDatabase({ kind: 'pglite', dir: path.join(target, 'pglite') });
      expect(await clientRows(restored)).toEqual(['acme']);
      await restored.close();
      expect(readdirSync(path.join(target, 'backups', 'audit'))).toEqual(['checkpoint-1.json']);
      await expect(restoreSnapshot({ snapshotDir: r.path, dataDir: target, force: false })).rejects.toThrow(
        /already holds pglite, temporal\.db/,
      );
      const forced = await restoreSnapshot({ snapshotDir: r.path, dataDir: target, force: true });
      expect(readdirSync(forced.movedAside!).sort()).toEqual(['pglite', 'temporal.db']);
    });

    it('keeps the newest REPLICA_KEEP generations', async () => {
      const before = (await service().generations()).length;
      expect(before).toBeGreaterThanOrEqual(3);
      const r = await service(2).take();
      const left = (await service().generations()).map((g) => g.manifest.snapshotId);
      expect(left).toHaveLength(2);
      expect(left[1]).toBe(r.snapshotId);
      expect(r.pruned).toHaveLength(before - 1);
    });

    it('a missing destination fails clearly and writes nothing', async () => {
      const missing = path.join(work, 'not-mounted', 'replica');
      await expect(service(12, { root: missing, createRoot: false }).take()).rejects.toThrow(ReplicaPathError);
      await expect(service(12, { root: missing, createRoot: false }).take()).rejects.toThrow(
        `replica path ${missing} does not exist`,
      );
      const underFile = path.join(work, 'audit', 'checkpoint-1.json', 'replica');
      await expect(service(12, { root: underFile }).take()).rejects.toThrow(/does not exist/);
    });
  },
);

// test/db runs twice in CI: on PGlite, and on PostgreSQL (scripts/test-postgres.sh sets TEST_DATABASE_URL).
describe(
  'snapshot of the database the suite runs on: PGlite dump, or pg_dump then pg_restore',
  { timeout: 300_000 },
  () => {
    it('exports and restores the rows', async () => {
      const pathVar = process.env.PATH ?? '';
      const source = await openTestDatabase();
      const work = mkdtempSync(path.join(tmpdir(), 'echopilot-dbsnap-'));
      const base = process.env.TEST_DATABASE_URL ? new URL(process.env.TEST_DATABASE_URL) : undefined;
      const urlOf = async (db: Database) => {
        if (!base) return undefined;
        const name = (await rows<{ name: string }>(db, sql`select current_database() as name`))[0]!.name;
        return Object.assign(new URL(base), { pathname: `/${name}` }).toString();
      };
      const target = base ? await openTestDatabase() : undefined;
      try {
        await source.db.execute(
          sql`insert into clients (id, name, email, rate_cents_per_min) values ('db-acme', 'A', 'a@a.example', 10)`,
        );
        const r = await createSnapshotService({
          root: work,
          createRoot: true,
          keep: 2,
          buildId: 'test',
          database: {
            database: source,
            url: await urlOf(source),
            pgDumpPath: findTool('pg_dump', undefined, pathVar, []),
            systemPath: pathVar,
          },
          auditDir: path.join(work, 'none'),
          configuration: () => Promise.resolve({}),
        }).take();
        expect(r.files).toBe(2);
        const dataDir = path.join(work, 'data');
        await restoreSnapshot({
          snapshotDir: r.path,
          dataDir,
          force: false,
          databaseUrl: target && (await urlOf(target)),
          pgRestorePath: findTool('pg_restore', undefined, pathVar, []),
          systemPath: pathVar,
        });
        const restored = target ?? (await openDatabase({ kind: 'pglite', dir: path.join(dataDir, 'pglite') }));
        expect(await clientRows(restored)).toEqual(['db-acme']);
        if (!target) await restored.close();
      } finally {
        await source.close();
        await target?.close();
        rmSync(work, { recursive: true, force: true });
      }
    });
  },
);
