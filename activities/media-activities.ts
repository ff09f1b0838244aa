import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type OpenAI from 'openai';
import { minuteCostMicroUsd, type PriceTable } from '../domain/pricing';
import type { Config } from '../infra/config/load-config';
import type { JobsRepository } from '../infra/db/repositories/jobs-repository';
import type { AppMetrics } from '../infra/metrics/app-metrics';
import { recordLlmCall, recordLlmRateLimit } from '../infra/metrics/record-llm-call';
import { fileExists, fetchMedia, formatBytes, MediaError } from '../infra/media/fetch-media';
import { probeMedia } from '../infra/media/probe-media';
import { FFMPEG_INSTALL_HINT, splitAudio } from '../infra/media/split-audio';
import { withHeartbeats } from './heartbeat';
import { onceInLedger, type LedgerStepKey } from './ledger-step';
import { mapLlmError, requireLlm } from './llm-errors';

export interface MediaActivityDeps {
  jobs: JobsRepository;
  llm?: OpenAI;
  prices: PriceTable;
  media: Config['media'];
  metrics: AppMetrics;
}

export interface MediaRef {
  taskId: string;
  run: number;
  url: string;
}

/** A media problem as the Temporal failure the workflow sees (type = kind; final unless transient). */
export const toFailure = (err: unknown): Error =>
  err instanceof MediaError ? ApplicationFailure.create({ type: err.kind, message: err.message, nonRetryable: !err.retryable }) : (err as Error);

const formatDuration = (s: number) => `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m${String(Math.round(s % 60)).padStart(2, '0')}s`;

export function createMediaActivities(deps: MediaActivityDeps) {
  const cacheFile = (ref: MediaRef) => {
    const ext = path.extname(new URL(ref.url).pathname).replace(/[^.\w]/g, '').slice(0, 8);
    return path.join(deps.media.cacheDir, `${ref.taskId}-${ref.run}${ext}`);
  };
  const download = (ref: MediaRef) =>
    withHeartbeats((signal) => fetchMedia(ref.url, cacheFile(ref), deps.media.maxBytes, signal, (b) => Context.current().heartbeat({ bytes: b })));

  /** One transcription request for one file, paid for once per ledger `key` (see onceInLedger). */
  const transcribePart = (llm: OpenAI, model: string, file: string, key: LedgerStepKey) =>
    onceInLedger(
      deps.jobs,
      key,
      (r) => (r.output == null ? undefined : { text: r.output, costMicroUsd: r.costMicroUsd }),
      async () => {
        const { seconds } = await probeMedia(file);
        const started = performance.now();
        const res = await withHeartbeats((signal) => llm.audio.transcriptions.create({ file: createReadStream(file), model, response_format: 'json' }, { signal })).catch((err: unknown) => {
          recordLlmRateLimit(deps.metrics, model, err);
          throw err;
        });
        const text = res.text.trim();
        const costMicroUsd = minuteCostMicroUsd(deps.prices, model, seconds);
        const durationMs = performance.now() - started;
        recordLlmCall(deps.metrics, { model, step: 'transcribe', seconds: durationMs / 1000, costMicroUsd });
        return { row: { model, costMicroUsd, output: text, durationMs: Math.round(durationMs) }, result: { text, costMicroUsd } };
      },
    );

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
        await deps.jobs.setMediaSeconds(ref.taskId, Math.ceil(probe.seconds));
        return { bytes: got.bytes, seconds: probe.seconds, container: probe.container };
      } catch (err) {
        throw toFailure(err);
      }
    },

    /**
     * Transcribes through the OpenAI audio API with its per-minute cost. A file over one request's upload
     * limit is cut into parts with ffmpeg, each transcribed and recorded on its own (`transcribe:<n>`),
     * so a retry pays only for the parts not yet in the ledger; the texts are joined in order.
     */
    async transcribeMedia(ref: MediaRef & { model: string }): Promise<{ text: string; costMicroUsd: number }> {
      const whole = { taskId: ref.taskId, run: ref.run, attempt: 0, step: 'transcribe' };
      const prior = await deps.jobs.getStep(whole);
      if (prior?.output != null) return { text: prior.output, costMicroUsd: prior.costMicroUsd };
      const llm = requireLlm(deps.llm);
      const partsDir = `${cacheFile(ref)}.parts`;
      try {
        // Another worker may run this step (the preflight's download is local): fetch again if absent.
        let file = cacheFile(ref);
        if (!(await fileExists(file))) file = (await download(ref)).file;
        if ((await stat(file)).size <= deps.media.maxUploadBytes) {
          const part = await transcribePart(llm, ref.model, file, whole);
          await rm(file, { force: true });
          return part;
        }
        if (!deps.media.ffmpegPath) throw new MediaError('media_too_large', `Media is over the ${formatBytes(deps.media.maxUploadBytes)} one transcription request takes, and splitting it needs ffmpeg: ${FFMPEG_INSTALL_HINT}`);
        const ffmpeg = deps.media.ffmpegPath;
        const files = await withHeartbeats((signal) => splitAudio({ ffmpeg, file, outDir: partsDir, partSeconds: deps.media.partSeconds, signal }), { what: 'splitting the audio' });
        const parts = [];
        for (const [i, f] of files.entries()) parts.push(await transcribePart(llm, ref.model, f, { ...whole, step: `transcribe:${i + 1}` }));
        await rm(partsDir, { recursive: true, force: true });
        await rm(file, { force: true });
        return { text: parts.map((p) => p.text).join('\n'), costMicroUsd: parts.reduce((sum, p) => sum + p.costMicroUsd, 0) };
      } catch (err) {
        throw err instanceof MediaError ? toFailure(err) : mapLlmError(err, 'transcription');
      }
    },
  };
}
export type MediaActivities = ReturnType<typeof createMediaActivities>;
