import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import Database from 'libsql';

/** SQLite header bytes 18-19: file format read/write versions; 2 = WAL, 1 = rollback journal. */
const FORMAT_VERSION_OFFSET = 18;
const BATCH_BYTES = 1 << 20;

/**
 * A consistent copy of a live SQLite database in WAL mode (the Temporal dev server keeps writing it).
 * Every page is read from `sqlite_dbpage` inside one read transaction, so the copy is the database as
 * of one commit: WAL frames included, later writes excluded, the writer never blocked. (`VACUUM INTO`
 * fails on Temporal's schema in libsql, built with DQS=0, and libsql has no backup API.) The copy is
 * marked as a rollback-journal file so it opens on its own; Temporal sets WAL again when it opens it.
 */
export function copySqliteConsistently(
  source: string,
  target: string,
): { pages: number; bytes: number; sha256: string } {
  const db = new Database(source, { readonly: true });
  const fd = openSync(target, 'wx', 0o600);
  let pages = 0;
  let bytes = 0;
  const hash = createHash('sha256');
  try {
    db.exec('BEGIN');
    let batch: Buffer[] = [];
    let batchBytes = 0;
    const flush = () => {
      if (batch.length) writeSync(fd, Buffer.concat(batch));
      batch = [];
      batchBytes = 0;
    };
    for (const row of db.prepare('SELECT data FROM sqlite_dbpage ORDER BY pgno').iterate() as Iterable<{
      data: ArrayBuffer;
    }>) {
      const page = Buffer.from(row.data);
      if (pages === 0) page.fill(1, FORMAT_VERSION_OFFSET, FORMAT_VERSION_OFFSET + 2);
      batch.push(page);
      hash.update(page);
      batchBytes += page.length;
      bytes += page.length;
      pages++;
      if (batchBytes >= BATCH_BYTES) flush();
    }
    flush();
    db.exec('COMMIT');
  } finally {
    closeSync(fd);
    db.close();
  }
  return { pages, bytes, sha256: hash.digest('hex') };
}

/** `PRAGMA integrity_check` on a copy: "ok", or the first problem SQLite reports. */
export function sqliteIntegrity(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const row = db.prepare('PRAGMA integrity_check').get() as { integrity_check: string };
    return row.integrity_check;
  } finally {
    db.close();
  }
}
