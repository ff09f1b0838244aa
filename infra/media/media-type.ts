import { fileTypeFromFile } from 'file-type';
import { MediaError } from './fetch-media';

/** Content-Type → file extension, for audio that has no magic number file-type knows (raw AAC, some MP3s). */
const BY_CONTENT_TYPE: Record<string, string> = {
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/vnd.wave': 'wav',
  'audio/ogg': 'ogg',
  'audio/opus': 'opus',
  'audio/flac': 'flac',
  'audio/x-flac': 'flac',
  'audio/mp4': 'm4a',
  'audio/x-m4a': 'm4a',
  'audio/aac': 'aac',
  'audio/webm': 'webm',
  'video/webm': 'webm',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
  'video/x-matroska': 'mkv',
};

const isMedia = (mime: string) => mime.startsWith('audio/') || mime.startsWith('video/') || mime === 'application/ogg';

/**
 * The file's real type, from its first bytes (file-type), else from the server's Content-Type; never
 * from the URL, which for presigned or `/download?id=` links says nothing. Returns the extension the
 * file is then named with (music-metadata, ffmpeg and the transcription API all go by it).
 */
export async function detectMediaType(
  file: string,
  contentType: string | undefined,
): Promise<{ ext: string; mime: string }> {
  const sniffed = await fileTypeFromFile(file).catch(() => undefined);
  if (sniffed) {
    if (isMedia(sniffed.mime)) return { ext: sniffed.ext, mime: sniffed.mime };
    throw new MediaError('media_unreadable', `Not an audio/video file: the content is ${sniffed.mime}`);
  }
  const declared = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const ext = BY_CONTENT_TYPE[declared];
  if (ext) return { ext, mime: declared };
  throw new MediaError(
    'media_unreadable',
    `Not a recognised audio/video file${declared ? ` (Content-Type ${declared.slice(0, 100)})` : ''}`,
  );
}
