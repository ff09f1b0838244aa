import { execFile } from 'node:child_process';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { TOOLS_DIR } from '../paths';
import { findTool } from '../tools/find-tool';
import { MediaError } from './fetch-media';

const run = promisify(execFile);

/** Where scripts/ensure-ffmpeg.sh puts ffmpeg when the machine has none. */
const LOCAL_FFMPEG = [path.join(TOOLS_DIR, 'bin', 'ffmpeg')];

/** ffmpeg: FFMPEG_PATH, else on PATH, else the project-local install; undefined when there is none. */
export const findFfmpeg = (explicit: string | undefined, pathVar: string) =>
  findTool('ffmpeg', explicit, pathVar, LOCAL_FFMPEG);

export const FFMPEG_INSTALL_HINT =
  'install ffmpeg (apt-get install ffmpeg, brew install ffmpeg, or bash scripts/ensure-ffmpeg.sh) or set FFMPEG_PATH';

/**
 * Cuts a media file into audio parts of `partSeconds` each (the last one shorter), re-encoded as
 * mono 16 kHz 32 kbit/s MP3, what speech recognition uses anyway: an hour is about 14 MB, so any part
 * stays far below a transcription request's upload limit. Returns the part files in order.
 */
export async function splitAudio(opts: {
  ffmpeg: string;
  file: string;
  outDir: string;
  partSeconds: number;
  signal?: AbortSignal;
}): Promise<string[]> {
  await rm(opts.outDir, { recursive: true, force: true }); // a retry starts from a clean folder
  await mkdir(opts.outDir, { recursive: true });
  const args = [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-i',
    opts.file,
    '-vn',
    '-ac',
    '1',
    '-ar',
    '16000',
    '-c:a',
    'libmp3lame',
    '-b:a',
    '32k',
    '-f',
    'segment',
    '-segment_time',
    String(opts.partSeconds),
    '-reset_timestamps',
    '1',
    path.join(opts.outDir, 'part-%04d.mp3'),
  ];
  try {
    await run(opts.ffmpeg, args, { signal: opts.signal, maxBuffer: 1024 * 1024 });
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new MediaError('media_unreadable', `ffmpeg not found: ${FFMPEG_INSTALL_HINT}`);
    const why = (e.stderr ?? e.message).trim().split('\n').slice(-3).join(' ').slice(0, 500);
    throw new MediaError('media_unreadable', `ffmpeg could not split the audio: ${why}`);
  }
  const parts = (await readdir(opts.outDir)).filter((f) => /^part-\d{4}\.mp3$/.test(f)).sort();
  if (parts.length === 0) throw new MediaError('media_unreadable', 'ffmpeg found no audio to split');
  return parts.map((f) => path.join(opts.outDir, f));
}
