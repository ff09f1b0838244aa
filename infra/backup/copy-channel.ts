import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

/**
 * One database session that runs plain queries and COPY in and out of files: the logical export and
 * import (copy-export.ts) speak only through it, so the same SQL runs on PostgreSQL and on PGlite.
 */
export interface CopyChannel {
  query<T>(text: string): Promise<T[]>;
  /** `COPY <target> TO STDOUT` into `file` (PostgreSQL's text format). */
  copyOut(target: string, file: string): Promise<void>;
  /** `COPY <target> FROM STDIN` out of `file`. */
  copyIn(target: string, file: string): Promise<void>;
}

/** A node-postgres client (one connection: the export's transaction holds on it); COPY streamed, never held whole. */
export function pgCopyChannel(client: pg.Client): CopyChannel {
  return {
    query: async <T>(text: string) => (await client.query(text)).rows as T[],
    copyOut: (target, file) =>
      pipeline(client.query(copyTo(`COPY ${target} TO STDOUT`)), createWriteStream(file, { mode: 0o600 })),
    copyIn: (target, file) => pipeline(createReadStream(file), client.query(copyFrom(`COPY ${target} FROM STDIN`))),
  };
}

/** PGlite has no COPY stream: it copies through its in-memory '/dev/blob' device instead. */
export function pgliteCopyChannel(db: PGlite): CopyChannel {
  return {
    query: async <T>(text: string) => (await db.query<T>(text)).rows,
    async copyOut(target, file) {
      const res = await db.query(`COPY ${target} TO '/dev/blob'`);
      // An empty table leaves the device untouched: no blob.
      await writeFile(file, res.blob ? Buffer.from(await res.blob.arrayBuffer()) : Buffer.alloc(0), { mode: 0o600 });
    },
    async copyIn(target, file) {
      await db.query(`COPY ${target} FROM '/dev/blob'`, [], { blob: new Blob([await readFile(file)]) });
    },
  };
}
