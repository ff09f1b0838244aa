import { parseFile } from 'music-metadata';
import { MediaError } from './fetch-media';

export interface MediaProbe {
  seconds: number;
  container?: string;
  codec?: string;
}

/**
 * Reads the duration from the file itself (music-metadata: headers first, a full scan only when the
 * headers do not say, e.g. VBR MP3 without a Xing frame). Unknown format or duration → unreadable.
 */
export async function probeMedia(file: string): Promise<MediaProbe> {
  const read = async (duration: boolean) => {
    try {
      return await parseFile(file, { duration, skipCovers: true, skipPostHeaders: true });
    } catch (err) {
      throw new MediaError('media_unreadable', `Not a readable audio/video file: ${(err as Error).message}`);
    }
  };
  let meta = await read(false);
  if (meta.format.duration === undefined) meta = await read(true);
  const seconds = meta.format.duration;
  if (seconds === undefined || !Number.isFinite(seconds))
    throw new MediaError('media_unreadable', 'Cannot determine the media duration');
  return { seconds, container: meta.format.container, codec: meta.format.codec };
}
