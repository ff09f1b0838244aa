import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256File } from '../../infra/backup/hash-file';
import { restoreSnapshot } from '../../infra/backup/restore';
import { s3Failure, S3DestinationError } from '../../infra/backup/s3-client';
import { createS3Replica } from '../../infra/backup/s3-replica';
import { createSnapshotService } from '../../infra/backup/snapshot-service';
import type { ReplicaS3Config } from '../../infra/config/replica-s3-config';
import { openDatabase, type Database } from '../../infra/db/open-database';
import { clients } from '../../infra/db/schema/payments';
import { startMotoServer, type MotoServer } from '../support/moto-server';

const SECRET = 'replica-s3-secret-key-0123456789';
const BUCKET = 'echopilot-replica';

describe('snapshots copied to an S3-compatible bucket (moto server, real AWS SDK)', { timeout: 300_000 }, () => {
  const work = mkdtempSync(path.join(tmpdir(), 'echopilot-s3-'));
  let moto: MotoServer;
  let database: Database;
  let clock = Date.parse('2026-12-07T00:00:00Z');
  const s3Config = (over: Partial<ReplicaS3Config> = {}): ReplicaS3Config => ({
    bucket: BUCKET,
    endpoint: moto.endpoint,
    region: 'us-east-1',
    accessKeyId: 'AKIAREPLICATEST',
    secretAccessKey: SECRET,
    prefix: 'echopilot/',
    forcePathStyle: true,
    ...over,
  });
  const service = (keep = 12, over: Partial<ReplicaS3Config> = {}) =>
    createSnapshotService({
      root: path.join(work, 'replica'),
      createRoot: true,
      keep,
      buildId: 'test-build',
      database: { database },
      auditDir: path.join(work, 'no-audit'),
      configuration: () => Promise.resolve({ env: { REPLICA_S3_BUCKET: BUCKET } }),
      now: () => new Date((clock += 60_000)),
      s3: createS3Replica(s3Config(over), keep),
    });
  const keysUnder = async (prefix: string) =>
    ((await moto.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }))).Contents ?? [])
      .map((o) => o.Key!.slice(prefix.length))
      .sort();

  beforeAll(async () => {
    moto = await startMotoServer();
    await moto.createBucket(BUCKET);
    database = await openDatabase({ kind: 'pglite', dir: path.join(work, 'pglite') });
    await database.db.execute(
      sql`insert into clients (id, name, email, rate_cents_per_min) values ('acme', 'Acme', 'ops@acme.example', 10)`,
    );
  }, 300_000);
  afterAll(async () => {
    await database?.close();
    await moto?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('uploads every file of the generation and its manifest, each SHA-256 checked in the bucket', async () => {
    const replica = service();
    const local = await replica.take();
    const s3 = (await replica.uploadOffsite(local.snapshotId))!;
    const prefix = `echopilot/${local.snapshotId}/`;
    expect(s3).toMatchObject({
      uploaded: local.files + 1,
      verified: true,
      key: `s3://${BUCKET}/${prefix}`,
      pruned: [],
    });
    expect(s3.bytes).toBeGreaterThan(local.bytes);
    expect(await keysUnder(prefix)).toEqual(['configuration.json', 'database-pglite.tar.gz', 'manifest.json']);
    const stored = await moto.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: `${prefix}manifest.json` }));
    const manifest = JSON.parse(await stored.Body!.transformToString()) as {
      files: { file: string; sha256: string }[];
    };
    for (const f of manifest.files) expect(await sha256File(path.join(local.path, f.file))).toBe(f.sha256);
    expect((await replica.s3!.check(local.snapshotId)).mismatches).toEqual([]);
  });

  it('a corrupted object in the bucket is detected, and a restore from it refuses, naming the file', async () => {
    const replica = service();
    const local = await replica.take();
    await replica.uploadOffsite(local.snapshotId);
    const Key = `echopilot/${local.snapshotId}/configuration.json`;
    await moto.client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key, Body: '{"env":{"REPLICA_S3_BUCKET":"evil"}}\n' }),
    );
    expect((await replica.s3!.check(local.snapshotId)).mismatches).toEqual([
      { file: 'configuration.json', problem: 'size' },
    ]);
    const original = (
      await moto.client.send(
        new GetObjectCommand({ Bucket: BUCKET, Key: `echopilot/${local.snapshotId}/manifest.json` }),
      )
    ).Body!;
    const size = (
      JSON.parse(await original.transformToString()) as { files: { file: string; size: number }[] }
    ).files.find((f) => f.file === 'configuration.json')!.size;
    // Same size, other bytes: only the hash can tell.
    await moto.client.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'x'.repeat(size) }));
    expect((await replica.s3!.check(local.snapshotId)).mismatches).toEqual([
      { file: 'configuration.json', problem: 'sha256' },
    ]);
    const downloaded = path.join(work, 'download-corrupt');
    await replica.s3!.download(local.snapshotId, downloaded);
    await expect(
      restoreSnapshot({ snapshotDir: downloaded, dataDir: path.join(work, 'restore-corrupt'), force: false }),
    ).rejects.toThrow('configuration.json (sha256 differs)');
  });

  it('a generation fetched back from the bucket restores the rows', async () => {
    const replica = service();
    const local = await replica.take();
    await replica.uploadOffsite(local.snapshotId);
    const downloaded = path.join(work, 'download-ok');
    await replica.s3!.download(local.snapshotId, downloaded);
    const dataDir = path.join(work, 'restored');
    await restoreSnapshot({ snapshotDir: downloaded, dataDir, force: false });
    const restored = await openDatabase({ kind: 'pglite', dir: path.join(dataDir, 'pglite') });
    expect(await restored.db.select({ id: clients.id }).from(clients)).toEqual([{ id: 'acme' }]);
    await restored.close();
  });

  it('keeps the newest REPLICA_KEEP generations in the bucket and removes uploads that never finished', async () => {
    const unfinished = 'snapshot-20000101T000000000Z';
    await moto.client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: `echopilot/${unfinished}/database-pglite.tar.gz`, Body: 'partial' }),
    );
    const before = await service().s3!.generations();
    expect(before.length).toBeGreaterThanOrEqual(4);
    const replica = service(2);
    const local = await replica.take();
    const s3 = (await replica.uploadOffsite(local.snapshotId))!;
    const after = await replica.s3!.generations();
    expect(after).toHaveLength(2);
    expect(after[1]).toBe(local.snapshotId);
    expect(s3.pruned).toContain(unfinished);
    expect(s3.pruned).toHaveLength(before.length + 1 - 2);
    expect(await keysUnder(`echopilot/${unfinished}/`)).toEqual([]);
  });

  it('a missing bucket fails clearly, keeps the local generation, and the message holds no secret', async () => {
    const replica = service(12, { bucket: 'no-such-bucket' });
    const local = await replica.take();
    const failure = await replica.uploadOffsite(local.snapshotId).then(
      () => undefined,
      (err: unknown) => err as Error,
    );
    expect(failure).toBeInstanceOf(S3DestinationError);
    expect(failure!.message).toMatch(/NoSuchBucket \(HTTP 404\)/);
    expect(failure!.message).not.toContain(SECRET);
    expect((await replica.generations()).map((g) => g.manifest.snapshotId)).toContain(local.snapshotId);
  });

  it('whatever the service echoes, the secret key is cut from the failure', () => {
    const echoed = new S3ServiceException({
      name: 'SignatureDoesNotMatch',
      $fault: 'client',
      $metadata: { httpStatusCode: 403 },
      message: `The request signature we calculated does not match (key ${SECRET})`,
    });
    const err = s3Failure(echoed, 'put echopilot/x', [SECRET]);
    expect(err).toBeInstanceOf(S3DestinationError);
    expect(err.message).toContain('SignatureDoesNotMatch (HTTP 403)');
    expect(err.message).not.toContain(SECRET);
  });
});
