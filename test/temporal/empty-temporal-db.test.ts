import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../../infra/temporal/dev-server';
import { isEmptyTemporalDb } from '../../infra/temporal/empty-temporal-db';
import { findTemporalCli } from '../../infra/temporal/temporal-cli';
import { freePort } from '../support/free-port';

/**
 * A SQLite file of `pages` 4 KiB pages, as SQLite writes it: the 100-byte header, then page 1 holding
 * the (empty) schema table. The one-page form is what a dev server that died before its schema leaves.
 */
function sqliteFile(pages: number): Buffer {
  const buf = Buffer.alloc(4096 * pages);
  buf.write('SQLite format 3\0', 0, 'latin1');
  buf.writeUInt16BE(4096, 16); // page size
  buf.set([2, 2, 0, 64, 32, 32], 18); // WAL read/write versions, reserved bytes, payload fractions
  buf.writeUInt32BE(1, 24); // change counter
  buf.writeUInt32BE(pages, 28); // pages in the file
  buf.writeUInt32BE(1, 92); // version-valid-for = change counter
  buf.writeUInt32BE(3_046_000, 96); // SQLite version number
  buf[100] = 0x0d; // page 1: a leaf table b-tree page with no cells
  buf.writeUInt16BE(4096, 105);
  return buf;
}

const cli = findTemporalCli(process.env.TEMPORAL_CLI_PATH, process.env.PATH ?? '')!;
const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'empty-temporal-db-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('a temporal.db with no table in it', () => {
  it('is told apart from a file that holds anything', () => {
    const dir = dataDir();
    const db = path.join(dir, 'temporal.db');
    expect(isEmptyTemporalDb(db)).toBe(false); // no file
    writeFileSync(db, '');
    expect(isEmptyTemporalDb(db)).toBe(true);
    writeFileSync(db, sqliteFile(1));
    expect(isEmptyTemporalDb(db)).toBe(true);
    writeFileSync(`${db}-wal`, 'x'); // the tables may be in the write-ahead log, not yet in the file
    expect(isEmptyTemporalDb(db)).toBe(false);
    rmSync(`${db}-wal`);
    writeFileSync(db, sqliteFile(2)); // a second page: at least one table
    expect(isEmptyTemporalDb(db)).toBe(false);
    writeFileSync(db, Buffer.alloc(4096, 7)); // not SQLite: not ours to judge
    expect(isEmptyTemporalDb(db)).toBe(false);
  });

  it('makes the dev server itself fail, since it builds its schema only for a missing file', async () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, 'temporal.db'), '');
    const port = await freePort();
    const r = spawnSync(
      cli,
      ['server', 'start-dev', '--db-filename', path.join(dir, 'temporal.db'), '--port', String(port), '--headless'],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.status).toBe(1);
    expect(r.stderr + r.stdout).toContain('no such table: namespaces');
  });

  it.each([
    ['an empty file', () => Buffer.alloc(0)],
    ['one page with no table', () => sqliteFile(1)],
  ])('left as %s, is removed by the next start, which then serves the namespace', async (_name, content) => {
    const dir = dataDir();
    writeFileSync(path.join(dir, 'temporal.db'), content());
    const notices: string[] = [];
    const port = await freePort();
    const server = await startDevServer({
      cliPath: cli,
      dataDir: dir,
      port,
      uiPort: await freePort(),
      namespace: 'default',
      onNotice: (m) => notices.push(m),
    });
    const connection = await Connection.connect({ address: server.address });
    try {
      const ns = await connection.workflowService.describeNamespace({ namespace: 'default' });
      expect(ns.namespaceInfo?.name).toBe('default');
      expect(notices).toEqual([expect.stringContaining('it held no table')]);
      expect(isEmptyTemporalDb(path.join(dir, 'temporal.db'))).toBe(false);
    } finally {
      await connection.close();
      await server.stop();
    }
  });

  it('a start that keeps failing says why, from the server log, after its retries', async () => {
    const dir = dataDir();
    const notices: string[] = [];
    const port = await freePort();
    const start = startDevServer({
      cliPath: cli,
      dataDir: dir,
      port,
      uiPort: await freePort(),
      namespace: 'default',
      sqlitePragmas: ['no-equals-sign'],
      onNotice: (m) => notices.push(m),
    });
    await expect(start).rejects.toThrow(/exited with 1 during start-up: .*invalid pragma/);
    expect(notices).toHaveLength(2); // three attempts: two retries announced, the last one thrown
    expect(existsSync(path.join(dir, 'temporal-server.log'))).toBe(true);
  });
});
