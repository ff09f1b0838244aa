import type { ServerResponse } from 'node:http';
import { listenLocal } from './http-fake';

/** A PCM WAV file generated in memory: `seconds` of a quiet tone at `sampleRate` Hz, 8-bit mono. */
export function wavFile(seconds: number, sampleRate = 8000): Buffer {
  const samples = Math.round(seconds * sampleRate);
  const buf = Buffer.alloc(44 + samples);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + samples, 4);
  buf.write('WAVE', 8);
  buf.write('fmt ', 12);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(sampleRate, 24);
  buf.writeUInt32LE(sampleRate, 28); // byte rate (8-bit mono)
  buf.writeUInt16LE(1, 32);
  buf.writeUInt16LE(8, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(samples, 40);
  for (let i = 0; i < samples; i++) buf[44 + i] = 128 + Math.round(20 * Math.sin((i / sampleRate) * 2 * Math.PI * 440));
  return buf;
}

export interface MediaFile {
  body: Buffer;
  contentType?: string;
  /** A Content-Length to claim instead of the real one (the declared-size check). */
  declaredLength?: number;
  /** Send without Content-Length (chunked), so only the real size can be checked. */
  chunked?: boolean;
  /** Answer the first N requests with this HTTP status (a host having a bad moment). */
  failFirst?: { times: number; status: number };
  /** Answer with a redirect to this URL (absolute, or a path on this server). */
  redirectTo?: string;
  /** The first N requests send `afterBytes` of the body, then nothing more (the connection stays open). */
  stallFirst?: { times: number; afterBytes: number };
}

/** Serves generated media files over HTTP on 127.0.0.1. */
export async function startMediaServer(files: Record<string, MediaFile>) {
  const requests: string[] = [];
  const stalled: ServerResponse[] = [];
  const local = await listenLocal((req, res) => {
    const path = req.url ?? '/';
    requests.push(path);
    const f = files[path];
    if (!f) return res.writeHead(404).end();
    if (f.failFirst && f.failFirst.times > 0) {
      f.failFirst.times--;
      return res.writeHead(f.failFirst.status).end();
    }
    if (f.redirectTo) return res.writeHead(302, { location: f.redirectTo }).end();
    const headers: Record<string, string | number> = { 'content-type': f.contentType ?? 'audio/wav' };
    if (!f.chunked) headers['content-length'] = f.declaredLength ?? f.body.length;
    res.writeHead(200, headers);
    if (f.stallFirst && f.stallFirst.times > 0) {
      f.stallFirst.times--;
      res.write(f.body.subarray(0, f.stallFirst.afterBytes));
      stalled.push(res);
      return;
    }
    if (f.declaredLength && f.declaredLength > f.body.length) {
      res.write(f.body);
      return void setTimeout(() => res.destroy(), 50);
    }
    res.end(f.body);
  });
  return {
    url: (path: string) => `${local.url}${path}`,
    requests,
    /** Stalled answers whose client is still connected (a client that gave up closes its socket). */
    openStalls: () => stalled.filter((r) => !r.destroyed && !r.socket?.destroyed).length,
    async close() {
      for (const r of stalled) r.destroy();
      await local.close();
    },
  };
}
