import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';

/** S3 carries SHA-256 checksums base64-encoded; manifests hold them in hex. */
export const base64Sha256 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');

/** Size and SHA-256 of an object as the bucket serves it (streamed, never held whole); undefined when absent. */
export async function hashObject(
  s3: S3Client,
  Bucket: string,
  Key: string,
): Promise<{ size: number; sha256: string } | undefined> {
  const res = await s3.send(new GetObjectCommand({ Bucket, Key })).catch((err: unknown) => {
    if ((err as { name?: string }).name === 'NoSuchKey') return undefined;
    throw err;
  });
  if (!res?.Body) return undefined;
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of res.Body as Readable) {
    size += (chunk as Buffer).length;
    hash.update(chunk as Buffer);
  }
  return { size, sha256: hash.digest('hex') };
}

/**
 * Whether the stored object has this size and SHA-256: the checksum the bucket keeps (HEAD with checksum
 * mode) when it keeps one, else the object read back and hashed.
 */
export async function objectMatches(
  s3: S3Client,
  Bucket: string,
  Key: string,
  want: { size: number; sha256: string },
): Promise<'ok' | 'size' | 'sha256' | 'missing'> {
  const head = await s3.send(new HeadObjectCommand({ Bucket, Key, ChecksumMode: 'ENABLED' }));
  if (head.ContentLength !== want.size) return 'size';
  if (head.ChecksumSHA256 && !head.ChecksumSHA256.includes('-'))
    return head.ChecksumSHA256 === base64Sha256(want.sha256) ? 'ok' : 'sha256';
  const got = await hashObject(s3, Bucket, Key);
  if (!got) return 'missing';
  return got.size !== want.size ? 'size' : got.sha256 !== want.sha256 ? 'sha256' : 'ok';
}

/** The "folders" right under a prefix (ListObjectsV2 with a delimiter), every page. */
export async function listFolders(s3: S3Client, Bucket: string, Prefix: string): Promise<string[]> {
  const out: string[] = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket, Prefix, Delimiter: '/', ContinuationToken }));
    for (const p of page.CommonPrefixes ?? []) if (p.Prefix) out.push(p.Prefix.slice(Prefix.length, -1));
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return out;
}

/** Removes every object under a prefix, a thousand per request (the DeleteObjects limit). */
export async function deletePrefix(s3: S3Client, Bucket: string, Prefix: string): Promise<void> {
  for (;;) {
    const page = await s3.send(new ListObjectsV2Command({ Bucket, Prefix, MaxKeys: 1000 }));
    const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
    if (!keys.length) return;
    const res = await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: keys, Quiet: true } }));
    if (res.Errors?.length)
      throw new Error(`could not delete ${res.Errors.map((e) => `${e.Key} (${e.Code})`).join(', ')}`);
  }
}
