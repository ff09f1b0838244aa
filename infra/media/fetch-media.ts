import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Why a media file cannot be used. `media_unavailable` (network, 5xx, 429, a broken download) is
 * retried and, should it last, counts as transient for self-heal; the other kinds are final.
 */
export class MediaError extends Error {
  readonly retryable: boolean;
  constructor(
    readonly kind: 'media_too_large' | 'media_unreadable' | 'media_unavailable',
    message: string,
  ) {
    super(message);
    this.name = 'MediaError';
    this.retryable = kind === 'media_unavailable';
  }
}

const GB = 1024 ** 3;
export const formatBytes = (n: number) => (n >= GB ? `${(n / GB).toFixed(2)} GB` : `${(n / 1024 ** 2).toFixed(1)} MB`);

export interface FetchedMedia {
  file: string;
  bytes: number;
  contentType?: string;
}

/**
 * Downloads `url` to `file`, refusing before the first byte when the declared size (Content-Length)
 * is over `maxBytes`, and aborting mid-stream when the real size goes over it (a server may lie).
 */
export async function fetchMedia(url: string, file: string, maxBytes: number, signal?: AbortSignal, onProgress?: (bytes: number) => void): Promise<FetchedMedia> {
  let res: Response;
  try {
    res = await fetch(url, { signal, redirect: 'follow' });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new MediaError('media_unavailable', `Cannot download the media file: ${(err as Error).message}`);
  }
  if (!res.ok || !res.body) {
    const passing = res.status >= 500 || res.status === 429 || res.status === 408;
    throw new MediaError(passing ? 'media_unavailable' : 'media_unreadable', `Cannot download the media file: HTTP ${res.status}`);
  }
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body.cancel();
    throw new MediaError('media_too_large', `Media file is ${formatBytes(declared)} (declared size), over the ${formatBytes(maxBytes)} limit`);
  }
  await mkdir(path.dirname(file), { recursive: true });
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) return done(new MediaError('media_too_large', `Media file is over the ${formatBytes(maxBytes)} limit (real size)`));
      onProgress?.(bytes);
      done(null, chunk);
    },
  });
  const part = `${file}.part`; // renamed only when complete: a crash never leaves a truncated file behind
  try {
    await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), counter, createWriteStream(part), { signal });
    await rename(part, file);
  } catch (err) {
    await rm(part, { force: true });
    if (err instanceof MediaError || signal?.aborted) throw err;
    throw new MediaError('media_unavailable', `Media download interrupted: ${(err as Error).message}`);
  }
  return { file, bytes, contentType: res.headers.get('content-type') ?? undefined };
}

export async function fileExists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
