import { createHash } from 'node:crypto';
import type { SnapshotResult } from '../../domain/contracts/replica-snapshot';
import { existsSync } from 'node:fs';
import { access, constants, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exportDatabase, type DatabaseExportTarget } from './database-export';
import { listGenerations, partialDirName, pruneGenerations, snapshotIdAt } from './generations';
import { checkFiles, MANIFEST_FILE, readManifest, type ManifestEntry, type SnapshotManifest } from './manifest';
import { copySqliteConsistently, sqliteIntegrity } from './sqlite-page-copy';
import type { S3Upload } from '../../domain/contracts/replica-snapshot';
import type { S3Replica } from './s3-replica';

export const TEMPORAL_DB_FILE = 'temporal.db';
export const CONFIG_FILE = 'configuration.json';
export const AUDIT_FOLDER = 'audit';

export type { SnapshotResult };

export interface SnapshotServiceDeps {
  /** Absolute generation root (RAILWAY_FALLBACK_PATH resolved against DATA_DIR). */
  root: string;
  /** True when the root lies under DATA_DIR: then it is created; elsewhere (a mount) it must exist. */
  createRoot: boolean;
  keep: number;
  buildId: string;
  database: DatabaseExportTarget;
  /** The embedded Temporal server's SQLite file; unset with an external Temporal. */
  temporalDb?: string;
  /** Signed audit checkpoints (DATA_DIR/backups/audit). */
  auditDir: string;
  /** The configuration without secrets (and whatever else the caller wants kept with it). */
  configuration: () => Promise<unknown>;
  now?: () => Date;
  /** The optional second destination (REPLICA_S3_BUCKET). */
  s3?: S3Replica;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A problem with the destination itself: retrying will not help until an operator acts. */
export class ReplicaPathError extends Error {
  override name = 'ReplicaPathError';
}

async function checkRoot(root: string, create: boolean): Promise<void> {
  if (create) await mkdir(root, { recursive: true, mode: 0o700 }).catch(() => undefined);
  if (!existsSync(root))
    throw new ReplicaPathError(`replica path ${root} does not exist (is the volume mounted? RAILWAY_FALLBACK_PATH)`);
  try {
    await access(root, constants.W_OK | constants.X_OK);
  } catch {
    throw new ReplicaPathError(`replica path ${root} is not writable by this process (RAILWAY_FALLBACK_PATH)`);
  }
}

/** Copies a small file by value: the hash is of the bytes read, compared later with the bytes on disk. */
async function copyFileHashed(from: string, to: string): Promise<{ size: number; sha256: string }> {
  const bytes = await readFile(from);
  await writeFile(to, bytes, { mode: 0o600 });
  return { size: bytes.length, sha256: sha256(bytes) };
}

export function createSnapshotService(deps: SnapshotServiceDeps) {
  const now = deps.now ?? (() => new Date());

  async function writeParts(dir: string): Promise<ManifestEntry[]> {
    const entries: ManifestEntry[] = [];
    entries.push(...(await exportDatabase(deps.database, dir)));
    if (deps.temporalDb) {
      const target = path.join(dir, TEMPORAL_DB_FILE);
      const copied = copySqliteConsistently(deps.temporalDb, target);
      const integrity = sqliteIntegrity(target);
      if (integrity !== 'ok') throw new Error(`the copy of the Temporal database failed integrity_check: ${integrity}`);
      entries.push({ file: TEMPORAL_DB_FILE, size: copied.bytes, sha256: copied.sha256 });
    }
    const checkpoints = (await readdir(deps.auditDir).catch(() => [] as string[])).sort();
    if (checkpoints.length) await mkdir(path.join(dir, AUDIT_FOLDER), { mode: 0o700 });
    for (const name of checkpoints) {
      const c = await copyFileHashed(path.join(deps.auditDir, name), path.join(dir, AUDIT_FOLDER, name));
      entries.push({ file: `${AUDIT_FOLDER}/${name}`, ...c });
    }
    const config = Buffer.from(`${JSON.stringify(await deps.configuration(), null, 2)}\n`);
    await writeFile(path.join(dir, CONFIG_FILE), config, { mode: 0o600 });
    entries.push({ file: CONFIG_FILE, size: config.length, sha256: sha256(config) });
    return entries;
  }

  return {
    root: deps.root,
    keep: deps.keep,

    /** One generation: written to a partial folder, every file re-hashed from disk, then renamed into place. */
    async take(): Promise<SnapshotResult> {
      await checkRoot(deps.root, deps.createRoot);
      const createdAt = now();
      const snapshotId = snapshotIdAt(createdAt);
      const partial = path.join(deps.root, partialDirName(snapshotId));
      const final = path.join(deps.root, snapshotId);
      try {
        await mkdir(partial, { mode: 0o700 });
        const files = await writeParts(partial);
        const mismatches = await checkFiles(partial, files);
        if (mismatches.length)
          throw new Error(
            `verification after the copy failed: ${mismatches.map((m) => `${m.file} (${m.problem})`).join(', ')}`,
          );
        const bytes = files.reduce((n, f) => n + f.size, 0);
        const manifest: SnapshotManifest = {
          kind: 'echopilot-snapshot',
          version: 1,
          snapshotId,
          createdAt: createdAt.toISOString(),
          buildId: deps.buildId,
          database: deps.database.database.kind,
          temporal: deps.temporalDb ? 'embedded' : 'external',
          files,
          bytes,
          verified: true,
          verifiedAt: now().toISOString(),
        };
        await writeFile(path.join(partial, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
        await rename(partial, final);
        const pruned = await pruneGenerations(deps.root, deps.keep, snapshotId);
        return { snapshotId, files: files.length, bytes, verified: true, path: final, pruned };
      } catch (err) {
        await rm(partial, { recursive: true, force: true });
        throw err;
      }
    },

    /** The bucket copy of a local generation; undefined without a bucket. The local generation is never touched. */
    async uploadOffsite(snapshotId: string): Promise<S3Upload | undefined> {
      if (!deps.s3) return undefined;
      const dir = path.join(deps.root, snapshotId);
      const manifest = await readManifest(dir);
      const mismatches = await checkFiles(dir, manifest.files);
      if (mismatches.length)
        throw new Error(`local ${snapshotId} changed before its upload: ${mismatches.map((m) => m.file).join(', ')}`);
      return deps.s3.upload(dir, manifest);
    },

    s3: deps.s3,

    /** Completed generations, oldest first. */
    generations: () => listGenerations(deps.root),
  };
}

export type SnapshotService = ReturnType<typeof createSnapshotService>;
