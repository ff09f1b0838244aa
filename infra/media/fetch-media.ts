import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { errors, request, type Dispatcher } from 'undici';
import { withoutUserinfo } from '../../domain/media-url';
import { isBlocked } from './guarded-agent';

/**
 * Why a media file cannot be used. `media_unavailable` (network, 5xx, 429, a broken download) is
 * retried and, should it last, counts as transient for self-heal; the other kinds are final.
 */
export class MediaError extends Error {
  readonly retryable: boolean;
  constructor(
    readonly kind: 'media_too_large' | 'media_unreadable' | 'media_unavailable',
    message: string,
    opts: { retryable?: boolean } = {},
  ) {
    super(message);
    this.name = 'MediaError';
    this.retryable = opts.retryable ?? kind === 'media_unavailable';
  }
}

/**
 * The one reason for every failure before an HTTP answer (refused address, DNS, connection): the
 * same words whatever happened, so the reason cannot be used to map a network.
 */
export const COULD_NOT_FETCH = 'Cannot download the media file: could not fetch';

const GB = 1024 ** 3;
export const formatBytes = (n: number) => (n >= GB ? `${(n / GB).toFixed(2)} GB` : `${(n / 1024 ** 2).toFixed(1)} MB`);

export interface FetchedMedia {
  file: string;
  bytes: number;
  contentType?: string;
}

export interface FetchMediaOptions {
  /** The guarded agent (guarded-agent.ts): refuses addresses the policy does not allow. */
  dispatcher: Dispatcher;
  maxBytes: number;
  maxRedirects: number;
  /** Longest wait for the answer or for the next bytes; then the attempt fails (retryable). */
  idleTimeoutMs: number;
  signal?: AbortSignal;
  /** Called when the answer arrives and on every chunk: the only moments a download heartbeats. */
  onProgress?: (bytes: number) => void;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const stalled = (ms: number) =>
  new MediaError('media_unavailable', `Media download stalled: no data for ${Math.round(ms / 1000)} s`);
const isTimeout = (err: unknown) => err instanceof errors.HeadersTimeoutError || err instanceof errors.BodyTimeoutError;

/** Requests `url`, following at most `maxRedirects` http(s) redirects, each through the guarded agent. */
async function open(url: string, o: FetchMediaOptions): Promise<Dispatcher.ResponseData> {
  let current = withoutUserinfo(url);
  for (let hop = 0; ; hop++) {
    let res: Dispatcher.ResponseData;
    try {
      res = await request(current, {
        dispatcher: o.dispatcher,
        signal: o.signal,
        headersTimeout: o.idleTimeoutMs,
        bodyTimeout: o.idleTimeoutMs,
      });
    } catch (err) {
      if (o.signal?.aborted) throw err;
      if (isTimeout(err)) throw stalled(o.idleTimeoutMs);
      // A refused address is final (asking again changes nothing) but reads like any network failure.
      throw new MediaError('media_unavailable', COULD_NOT_FETCH, { retryable: !isBlocked(err) });
    }
    const location = res.headers.location;
    if (!REDIRECTS.has(res.statusCode) || typeof location !== 'string') return res;
    await res.body.dump();
    if (hop >= o.maxRedirects)
      throw new MediaError('media_unreadable', `Cannot download the media file: more than ${o.maxRedirects} redirects`);
    const next = new URL(location, current);
    if (next.protocol !== 'http:' && next.protocol !== 'https:')
      throw new MediaError('media_unreadable', 'Cannot download the media file: redirected to a non-http(s) URL');
    current = withoutUserinfo(next.toString());
  }
}

/**
 * Downloads `url` to `file`, refusing before the first byte when the declared size (Content-Length)
 * is over `maxBytes`, and aborting mid-stream when the real size goes over it (a server may lie).
 */
export async function fetchMedia(url: string, file: string, o: FetchMediaOptions): Promise<FetchedMedia> {
  const res = await open(url, o);
  if (res.statusCode < 200 || res.statusCode > 299) {
    await res.body.dump().catch(() => undefined);
    const passing = res.statusCode >= 500 || res.statusCode === 429 || res.statusCode === 408;
    throw new MediaError(
      passing ? 'media_unavailable' : 'media_unreadable',
      `Cannot download the media file: HTTP ${res.statusCode}`,
    );
  }
  o.onProgress?.(0);
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > o.maxBytes) {
    res.body.destroy();
    throw new MediaError(
      'media_too_large',
      `Media file is ${formatBytes(declared)} (declared size), over the ${formatBytes(o.maxBytes)} limit`,
    );
  }
  await mkdir(path.dirname(file), { recursive: true });
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > o.maxBytes)
        return done(
          new MediaError('media_too_large', `Media file is over the ${formatBytes(o.maxBytes)} limit (real size)`),
        );
      o.onProgress?.(bytes);
      done(null, chunk);
    },
  });
  const part = `${file}.part`; // renamed only when complete: a crash never leaves a truncated file behind
  try {
    await pipeline(res.body, counter, createWriteStream(part), { signal: o.signal });
    await rename(part, file);
  } catch (err) {
    await rm(part, { force: true });
    if (err instanceof MediaError || o.signal?.aborted) throw err;
    if (isTimeout(err)) throw stalled(o.idleTimeoutMs);
    throw new MediaError('media_unavailable', 'Media download interrupted');
  }
  const type = res.headers['content-type'];
  return { file, bytes, contentType: typeof type === 'string' ? type : undefined };
}

export async function fileExists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
