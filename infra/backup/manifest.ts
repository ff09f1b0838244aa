import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { sha256File } from './hash-file';

export const MANIFEST_FILE = 'manifest.json';

export interface ManifestEntry {
  /** Relative to the generation folder, `/`-separated. */
  file: string;
  size: number;
  sha256: string;
}

export interface SnapshotManifest {
  kind: 'echopilot-snapshot';
  version: 1;
  snapshotId: string;
  createdAt: string;
  buildId: string;
  database: 'pglite' | 'postgres';
  /** embedded: the dev server's SQLite file is in the snapshot; external: its operator backs it up. */
  temporal: 'embedded' | 'external';
  files: ManifestEntry[];
  bytes: number;
  /** Every file re-read and re-hashed after the copy (and the SQLite copy passed integrity_check). */
  verified: boolean;
  verifiedAt: string;
}

export interface Mismatch {
  file: string;
  problem: 'missing' | 'size' | 'sha256';
}

/** Re-reads each listed file of a generation: a missing file, another size or another hash is named. */
export async function checkFiles(dir: string, files: readonly ManifestEntry[]): Promise<Mismatch[]> {
  const problems: Mismatch[] = [];
  for (const f of files) {
    const abs = path.join(dir, ...f.file.split('/'));
    const s = await stat(abs).catch(() => undefined);
    if (!s) problems.push({ file: f.file, problem: 'missing' });
    else if (s.size !== f.size) problems.push({ file: f.file, problem: 'size' });
    else if ((await sha256File(abs)) !== f.sha256) problems.push({ file: f.file, problem: 'sha256' });
  }
  return problems;
}

export async function readManifest(dir: string): Promise<SnapshotManifest> {
  let text: string;
  try {
    text = await readFile(path.join(dir, MANIFEST_FILE), 'utf8');
  } catch {
    throw new Error(`${path.join(dir, MANIFEST_FILE)} is missing: not a snapshot folder`);
  }
  return parseManifest(text, path.join(dir, MANIFEST_FILE));
}

/** A manifest's text, checked: the right kind, and no file outside its generation. `where` names it in errors. */
export function parseManifest(text: string, where: string): SnapshotManifest {
  let m: SnapshotManifest;
  try {
    m = JSON.parse(text) as SnapshotManifest;
  } catch {
    throw new Error(`${where} is not JSON`);
  }
  if (m?.kind !== 'echopilot-snapshot' || m.version !== 1 || !Array.isArray(m.files))
    throw new Error(`${where} is not an EchoPilot snapshot manifest`);
  for (const f of m.files)
    if (path.isAbsolute(f.file) || f.file.split('/').includes('..') || f.file.startsWith('/'))
      throw new Error(`manifest lists a file outside the snapshot: ${f.file}`);
  return m;
}
