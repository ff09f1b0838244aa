import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Removes the entries of `dir` (files or folders) last changed before `before`; answers how many. A
 * missing folder holds nothing to prune. Only direct children are looked at: each export is one folder.
 */
export async function pruneOldEntries(dir: string, before: Date): Promise<number> {
  const names = await readdir(dir).catch((err: NodeJS.ErrnoException) =>
    err.code === 'ENOENT' ? [] : Promise.reject(err),
  );
  let removed = 0;
  for (const name of names) {
    const full = path.join(dir, name);
    const st = await stat(full).catch(() => undefined);
    if (st && st.mtimeMs < before.getTime()) {
      await rm(full, { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}
