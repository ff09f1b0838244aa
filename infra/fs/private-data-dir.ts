import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Sub-folders whose files are also tightened (media downloads); PGlite manages its own folder. */
const PRIVATE_SUBDIRS = ['media-cache'];

function tightenFiles(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const file = path.join(dir, name);
    const st = statSync(file, { throwIfNoEntry: false });
    if (st?.isFile() && (st.mode & 0o077) !== 0) chmodSync(file, 0o600);
  }
}

/**
 * The data folder holds the Temporal history (temporal.db), the database, keys and downloaded media:
 * owner-only. The umask makes everything created later by this process and its children (the Temporal
 * dev server, ffmpeg) 0600/0700 too; files of an older install are tightened here.
 */
export function preparePrivateDataDir(dataDir: string): void {
  process.umask(0o077);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  tightenFiles(dataDir);
  for (const sub of PRIVATE_SUBDIRS) {
    const dir = path.join(dataDir, sub);
    if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) continue;
    chmodSync(dir, 0o700);
    tightenFiles(dir);
  }
}
