import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createHash } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { ReplicaS3Config } from '../config/replica-s3-config';
import { SNAPSHOT_PREFIX } from './generations';
import { MANIFEST_FILE, parseManifest, type ManifestEntry, type Mismatch, type SnapshotManifest } from './manifest';
import { createS3Client, isNotFound, s3Failure } from './s3-client';
import type { S3Upload } from '../../domain/contracts/replica-snapshot';
import { base64Sha256, deletePrefix, hashObject, listFolders, objectMatches } from './s3-objects';

/** A snapshot generation copied to an S3-compatible bucket as `<prefix><snapshotId>/<file>`, manifest last. */
export function createS3Replica(c: ReplicaS3Config, keep: number, secrets: readonly string[] = [c.secretAccessKey]) {
  const s3 = createS3Client(c);
  const Bucket = c.bucket;
  const keyOf = (snapshotId: string, file: string) => `${c.prefix}${snapshotId}/${file}`;
  const call = async <T>(what: string, op: () => Promise<T>): Promise<T> => {
    try {
      return await op();
    } catch (err) {
      throw s3Failure(err, what, secrets);
    }
  };

  async function readRemoteManifest(snapshotId: string): Promise<SnapshotManifest> {
    const Key = keyOf(snapshotId, MANIFEST_FILE);
    const res = await call(`get ${Key}`, () => s3.send(new GetObjectCommand({ Bucket, Key })));
    return parseManifest(await res.Body!.transformToString('utf8'), `s3://${Bucket}/${Key}`);
  }

  /** Generations in the bucket (complete or not), oldest first. */
  const generations = async () =>
    (await call(`list ${c.prefix}`, () => listFolders(s3, Bucket, c.prefix)))
      .filter((n) => n.startsWith(SNAPSHOT_PREFIX))
      .sort();

  /** Keeps the newest `keep` complete generations; removes older ones and uploads that never finished. */
  async function prune(current: string): Promise<string[]> {
    const complete: string[] = [];
    const unfinished: string[] = [];
    for (const name of await generations()) {
      const Key = keyOf(name, MANIFEST_FILE);
      const has = await s3.send(new HeadObjectCommand({ Bucket, Key })).then(
        () => true,
        (err: unknown) => (isNotFound(err) ? false : Promise.reject(s3Failure(err, `head ${Key}`, secrets))),
      );
      (has ? complete : unfinished).push(name);
    }
    const stale = [
      ...complete.slice(0, Math.max(0, complete.length - keep)),
      ...unfinished.filter((n) => n !== current),
    ];
    for (const name of stale) await call(`delete ${keyOf(name, '')}`, () => deletePrefix(s3, Bucket, keyOf(name, '')));
    return stale;
  }

  return {
    bucket: Bucket,
    prefix: c.prefix,
    generations,

    /** Uploads a verified local generation, checks each object's SHA-256 in the bucket, then prunes. */
    async upload(dir: string, manifest: SnapshotManifest): Promise<S3Upload> {
      const started = Date.now();
      const manifestBytes = await readFile(path.join(dir, MANIFEST_FILE));
      const objects: ManifestEntry[] = [
        ...manifest.files,
        {
          file: MANIFEST_FILE,
          size: manifestBytes.length,
          sha256: createHash('sha256').update(manifestBytes).digest('hex'),
        },
      ];
      for (const f of objects) {
        const Key = keyOf(manifest.snapshotId, f.file);
        await call(`put ${Key}`, () =>
          s3.send(
            new PutObjectCommand({
              Bucket,
              Key,
              Body: createReadStream(path.join(dir, ...f.file.split('/'))),
              ContentLength: f.size,
              // The bucket refuses a body whose SHA-256 differs from this one, and keeps it for the check below.
              ChecksumSHA256: base64Sha256(f.sha256),
            }),
          ),
        );
      }
      const bad: string[] = [];
      for (const f of objects) {
        const Key = keyOf(manifest.snapshotId, f.file);
        const r = await call(`check ${Key}`, () => objectMatches(s3, Bucket, Key, f));
        if (r !== 'ok') bad.push(`${f.file} (${r})`);
      }
      if (bad.length)
        throw new Error(`the copy in s3://${Bucket}/${keyOf(manifest.snapshotId, '')} differs: ${bad.join(', ')}`);
      const pruned = await prune(manifest.snapshotId);
      return {
        uploaded: objects.length,
        bytes: objects.reduce((n, f) => n + f.size, 0),
        verified: true,
        key: `s3://${Bucket}/${keyOf(manifest.snapshotId, '')}`,
        pruned,
        seconds: (Date.now() - started) / 1000,
      };
    },

    /** Re-reads every object of a generation from the bucket and compares it with its manifest. */
    async check(snapshotId: string): Promise<{ manifest: SnapshotManifest; mismatches: Mismatch[] }> {
      const manifest = await readRemoteManifest(snapshotId);
      const mismatches: Mismatch[] = [];
      for (const f of manifest.files) {
        const Key = keyOf(snapshotId, f.file);
        const got = await call(`get ${Key}`, () => hashObject(s3, Bucket, Key));
        if (!got) mismatches.push({ file: f.file, problem: 'missing' });
        else if (got.size !== f.size) mismatches.push({ file: f.file, problem: 'size' });
        else if (got.sha256 !== f.sha256) mismatches.push({ file: f.file, problem: 'sha256' });
      }
      return { manifest, mismatches };
    },

    /** Copies a generation from the bucket into `into` (then verified like any local generation). */
    async download(snapshotId: string, into: string): Promise<SnapshotManifest> {
      const manifest = await readRemoteManifest(snapshotId);
      for (const f of [...manifest.files, { file: MANIFEST_FILE }]) {
        const Key = keyOf(snapshotId, f.file);
        const target = path.join(into, ...f.file.split('/'));
        await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
        const res = await call(`get ${Key}`, () => s3.send(new GetObjectCommand({ Bucket, Key })));
        await pipeline(res.Body as Readable, createWriteStream(target, { mode: 0o600 }));
      }
      return manifest;
    },

    close: () => s3.destroy(),
  };
}

export type S3Replica = ReturnType<typeof createS3Replica>;
