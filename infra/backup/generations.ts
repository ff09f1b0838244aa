import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { readManifest, type SnapshotManifest } from './manifest';

/** Generation folders are named by their creation time, so names sort oldest first. */
export const SNAPSHOT_PREFIX = 'snapshot-';
const PARTIAL_PREFIX = '.partial-';

export const snapshotIdAt = (d: Date): string =>
  `${SNAPSHOT_PREFIX}${d.toISOString().replace(/[-:]/g, '').replace('.', '')}`;

export const partialDirName = (snapshotId: string) => `${PARTIAL_PREFIX}${snapshotId}`;

/** The completed generations (with a readable manifest), oldest first. */
export async function listGenerations(root: string): Promise<{ dir: string; manifest: SnapshotManifest }[]> {
  const names = await readdir(root).catch(() => [] as string[]);
  const out: { dir: string; manifest: SnapshotManifest }[] = [];
  for (const name of names.filter((n) => n.startsWith(SNAPSHOT_PREFIX)).sort()) {
    const dir = path.join(root, name);
    const manifest = await readManifest(dir).catch(() => undefined);
    if (manifest) out.push({ dir, manifest });
  }
  return out;
}

/** Keeps the newest `keep` generations; removes older ones and partial folders left by a crash. */
export async function pruneGenerations(root: string, keep: number, current: string): Promise<string[]> {
  const names = (await readdir(root)).sort();
  const complete = names.filter((n) => n.startsWith(SNAPSHOT_PREFIX));
  const stale = [
    ...complete.slice(0, Math.max(0, complete.length - keep)),
    ...names.filter((n) => n.startsWith(PARTIAL_PREFIX) && n !== partialDirName(current)),
  ];
  for (const n of stale) await rm(path.join(root, n), { recursive: true, force: true });
  return stale;
}
