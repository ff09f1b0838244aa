import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * The media cache: one download per task run, `<taskId>-<run>.<ext>` (the extension from the file's
 * content), plus `.part`/`.download` files while it arrives and `.parts/` while it is split.
 */
export function createMediaCache(dir: string) {
  const prefix = (taskId: string, run: number) => `${taskId}-${run}.`;
  const entries = async () =>
    readdir(dir).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? [] : Promise.reject(err)));
  return {
    dir,
    /** Where a download lands before its type is known. */
    downloadFile: (taskId: string, run: number) => path.join(dir, `${prefix(taskId, run)}download`),
    typedFile: (taskId: string, run: number, ext: string) => path.join(dir, `${prefix(taskId, run)}${ext}`),

    /** The complete, typed download of this run on this machine, if there is one. */
    async find(taskId: string, run: number): Promise<string | undefined> {
      const p = prefix(taskId, run);
      const name = (await entries()).find(
        (f) => f.startsWith(p) && /^[a-z0-9]{1,8}$/i.test(f.slice(p.length)) && f.slice(p.length) !== 'download',
      );
      return name ? path.join(dir, name) : undefined;
    },

    /** Deletes everything of this run (download, partial files, split parts); returns how many entries. */
    async release(taskId: string, run: number): Promise<number> {
      const p = prefix(taskId, run);
      const mine = (await entries()).filter((f) => f.startsWith(p));
      await Promise.all(mine.map((f) => rm(path.join(dir, f), { recursive: true, force: true })));
      return mine.length;
    },

    /** Deletes entries last changed before `now - maxAgeMs` (runs whose release never came: a crash, another worker). */
    async sweep(maxAgeMs: number, now = Date.now()): Promise<number> {
      let removed = 0;
      for (const f of await entries()) {
        const full = path.join(dir, f);
        const st = await stat(full).catch(() => undefined);
        if (st && st.mtimeMs < now - maxAgeMs) {
          await rm(full, { recursive: true, force: true });
          removed++;
        }
      }
      return removed;
    },
  };
}
export type MediaCache = ReturnType<typeof createMediaCache>;
