import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type OpenAI from 'openai';
import { minuteCostMicroUsd, type PriceTable } from '../domain/pricing';
import type { Config } from '../infra/config/load-config';
import type { JobsRepository } from '../infra/db/repositories/jobs-repository';
import { fileExists, fetchMedia, formatBytes, MediaError } from '../infra/media/fetch-media';
import { probeMedia } from '../infra/media/probe-media';
import { withHeartbeats } from './heartbeat';
import { llmNotConfigured, mapLlmError } from './llm-errors';

export interface MediaActivityDeps {
  jobs: JobsRepository;
  llm?: OpenAI;
  prices: PriceTable;
  media: Config['media'];
}

export interface MediaRef {
  taskId: string;
  run: number;
  url: string;
}

/** The provider's upload limit for one transcription request (OpenAI: 25 MB). */
export const TRANSCRIBE_MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

const toFailure = (err: unknown): Error =>
  err instanceof MediaError ? ApplicationFailure.create({ type: err.kind, message: err.message, nonRetryable: !err.retryable }) : (err as Error);

const formatDuration = (s: number) => `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m${String(Math.round(s % 60)).padStart(2, '0')}s`;

export function createMediaActivities(deps: MediaActivityDeps) {
  const cacheFile = (ref: MediaRef) => {
    const ext = path.extname(new URL(ref.url).pathname).replace(/[^.\w]/g, '').slice(0, 8);
    return path.join(deps.media.cacheDir, `${ref.taskId}-${ref.run}${ext}`);
  };
  const download = (ref: MediaRef) =>
    withHeartbeats((signal) => fetchMedia(ref.url, cacheFile(ref), deps.media.maxBytes, signal, (b) => Context.current().heartbeat({ bytes: b })));

  return {
    /**
     * Fails fast and for good when the file is over the size limit (declared or real) or the audio
     * is longer than the duration limit, both read from the file itself; records the media minutes.
     */
    async preflightMedia(ref: MediaRef): Promise<{ bytes: number; seconds: number; container?: string }> {
      try {
        const got = await download(ref);
        const probe = await probeMedia(got.file);
        if (probe.seconds > deps.media.maxSeconds) {
          await rm(got.file, { force: true });
          throw ApplicationFailure.nonRetryable(`Media is ${formatDuration(probe.seconds)} long, over the ${formatDuration(deps.media.maxSeconds)} limit`, 'media_too_long');
        }
        if (got.bytes > TRANSCRIBE_MAX_UPLOAD_BYTES) {
          await rm(got.file, { force: true });
          throw new MediaError('media_too_large', `Media is ${formatBytes(got.bytes)}; transcription accepts at most ${formatBytes(TRANSCRIBE_MAX_UPLOAD_BYTES)} per file (compress or split it)`);
        }
        await deps.jobs.setMediaSeconds(ref.taskId, Math.ceil(probe.seconds));
        return { bytes: got.bytes, seconds: probe.seconds, container: probe.container };
      } catch (err) {
        throw toFailure(err);
      }
    },

    /** Transcribes through the OpenAI audio API; recorded once per (task, run) with its per-minute cost. */
    async transcribeMedia(ref: MediaRef & { model: string }): Promise<{ text: string; costMicroUsd: number }> {
      const prior = await deps.jobs.getStep({ taskId: ref.taskId, run: ref.run, attempt: 0, step: 'transcribe' });
      if (prior?.output != null) return { text: prior.output, costMicroUsd: prior.costMicroUsd };
      const llm = deps.llm ?? (() => { throw llmNotConfigured(); })();
      try {
        // Another worker may run this step (the preflight's download is local): fetch again if absent.
        let file = cacheFile(ref);
        if (!(await fileExists(file))) file = (await download(ref)).file;
        const { seconds } = await probeMedia(file);
        const started = performance.now();
        const res = await withHeartbeats((signal) =>
          llm.audio.transcriptions.create({ file: createReadStream(file), model: ref.model, response_format: 'json' }, { signal }),
        );
        const text = res.text.trim();
        const costMicroUsd = minuteCostMicroUsd(deps.prices, ref.model, seconds);
        await deps.jobs.recordStep({
          taskId: ref.taskId, run: ref.run, attempt: 0, step: 'transcribe', model: ref.model,
          costMicroUsd, output: text, durationMs: Math.round(performance.now() - started),
        });
        await rm(file, { force: true });
        return { text, costMicroUsd };
      } catch (err) {
        throw err instanceof MediaError ? toFailure(err) : mapLlmError(err, 'transcription');
      }
    },
  };
}
export type MediaActivities = ReturnType<typeof createMediaActivities>;
