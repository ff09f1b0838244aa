import { closeSync, openSync, readSync, rmSync, statSync } from 'node:fs';

const SQLITE_MAGIC = 'SQLite format 3\0';

function sizeOf(file: string): number | undefined {
  return statSync(file, { throwIfNoEntry: false })?.size;
}

function header(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(100);
    const read = readSync(fd, buf, 0, 100, 0);
    return buf.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/**
 * True when the dev server's SQLite file exists but holds no table at all. The dev server creates its
 * schema only when the file does not exist, so a start that dies after creating the file and before
 * the schema leaves a file every later start trips over ("no such table: namespaces"). Such a file is
 * empty, or one page (the schema page, with no table in it: every table needs a page of its own), with
 * nothing in its write-ahead log. A file with anything more, or that is not SQLite, is never judged empty.
 */
export function isEmptyTemporalDb(dbFile: string): boolean {
  const size = sizeOf(dbFile);
  if (size === undefined) return false;
  if ((sizeOf(`${dbFile}-wal`) ?? 0) > 0) return false;
  if (size === 0) return true;
  const head = header(dbFile);
  if (head.length < 100 || head.toString('latin1', 0, 16) !== SQLITE_MAGIC) return false;
  const rawPageSize = head.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const pages = head.readUInt32BE(28);
  return pages <= 1 && size <= pageSize;
}

/** Removes an empty dev-server file and its WAL companions; true when there was one to remove. */
export function removeEmptyTemporalDb(dbFile: string): boolean {
  if (!isEmptyTemporalDb(dbFile)) return false;
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbFile}${suffix}`, { force: true });
  return true;
}
