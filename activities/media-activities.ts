import { createReadStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { ApplicationFailure } from '@temporalio/common';
import type OpenAI from 'openai';
import { minuteCostMicroUsd, type PriceTable } from '../domain/pricing';
import type { Config } from '../infra/config/load-config';
import type { TaskLedger } from '../infra/db/repositories/task-ledger';
import type { AppMetrics } from '../infra/metrics/app-metrics';
import { recordLlmCall, recordLlmRateLimit } from '../infra/metrics/record-llm-call';
import { createAddressPolicy } from '../infra/media/address-policy';
import { fetchMedia, formatBytes, MediaError } from '../infra/media/fetch-media';
import { createGuardedAgent } from '../infra/media/guarded-agent';
import { createMediaCache } from '../infra/media/media-cache';
import { detectMediaType } from '../infra/media/media-type';
import { probeMedia } from '../infra/media/probe-media';
import { withoutPaths } from '../infra/media/safe-reason';
import { FFMPEG_INSTALL_HINT, splitAudio } from '../infra/media/split-audio';
import { cancellationSignal, heartbeat, withHeartbeats } from './activity-context';
import { onceInLedger, type LedgerStepKey } from './ledger-step';
import { mapLlmError, requireLlm } from './llm-errors';

export interface MediaActivityDeps {
  tasks: TaskLedger;
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

/**
 * A media problem as the Temporal failure the workflow sees (type = kind; final unless transient).
 * Reasons never carry server paths (a file system error names the cache folder, ffmpeg the input).
 */
export const toFailure = (err: unknown): Error => {
  if (err instanceof MediaError)
    return ApplicationFailure.create({
      type: err.kind,
      message: withoutPaths(err.message),
      nonRetryable: !err.retryable,
    });
  if (err instanceof ApplicationFailure || !(err instanceof Error)) return err as Error;
  return ApplicationFailure.retryable(withoutPaths(err.message), err.name);
};

const formatDuration = (s: number) =>
  `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m${String(Math.round(s % 60)).padStart(2, '0')}s`;

const SWEEP_EVERY_MS = 3_600_000;

export function createMediaActivities(deps: MediaActivityDeps) {
  const cache = createMediaCache(deps.media.cacheDir);
  let lastSweep = 0;
  let sweeping: Promise<unknown> = Promise.resolve();
  /** At most one sweep an hour per process; callers wait for the one under way. */
  const sweepNowAndThen = () => {
    if (Date.now() - lastSweep >= SWEEP_EVERY_MS) {
      lastSweep = Date.now();
      sweeping = cache.sweep(deps.media.cacheMaxAgeMs).catch(() => 0);
    }
    return sweeping;
  };
  void sweepNowAndThen(); // at start: whatever earlier processes left behind
  const dispatcher = createGuardedAgent(createAddressPolicy(deps.media.allowedHosts), deps.media.idleTimeoutMs);

  /**
   * Downloads and names the file by its content's type. Heartbeats only when bytes arrive: a stalled
   * host fails the attempt after MEDIA_IDLE_TIMEOUT_SECONDS instead of holding the slot on a timer.
   */
  const download = async (ref: MediaRef): Promise<{ file: string; bytes: number }> => {
    const got = await fetchMedia(ref.url, cache.downloadFile(ref.taskId, ref.run), {
      dispatcher,
      maxBytes: deps.media.maxBytes,
      maxRedirects: deps.media.maxRedirects,
      idleTimeoutMs: deps.media.idleTimeoutMs,
      signal: cancellationSignal(),
      onProgress: (bytes) => heartbeat({ bytes }),
    });
    try {
      const { ext } = await detectMediaType(got.file, got.contentType);
      const file = cache.typedFile(ref.taskId, ref.run, ext);
      await rename(got.file, file);
      return { file, bytes: got.bytes };
    } catch (err) {
      await rm(got.file, { force: true });
      throw err;
    }
  };

  /** One transcription request for one file, paid for once per ledger `key` (see onceInLedger). */
  const transcribePart = (llm: OpenAI, model: string, file: string, key: LedgerStepKey) =>
    onceInLedger(
      deps.tasks,
      key,
      (r) => (r.output == null ? undefined : { text: r.output, costMicroUsd: r.costMicroUsd }),
      async () => {
        const { seconds } = await probeMedia(file);
        const started = performance.now();
        const res = await withHeartbeats((signal) =>
          llm.audio.transcriptions.create({ file: createReadStream(file), model, response_format: 'json' }, { signal }),
        ).catch((err: unknown) => {
          recordLlmRateLimit(deps.metrics, model, err);
          throw err;
        });
        const text = res.text.trim();
        const costMicroUsd = minuteCostMicroUsd(deps.prices, model, seconds);
        const durationMs = performance.now() - started;
        recordLlmCall(deps.metrics, { model, step: 'transcribe', seconds: durationMs / 1000, costMicroUsd });
        return {
          row: { model, costMicroUsd, output: text, durationMs: Math.round(durationMs) },
          result: { text, costMicroUsd },
        };
      },
    );

  return {
    /**
     * Fails fast and for good when the file is over the size limit (declared or real) or the audio
     * is longer than the duration limit, both read from the file itself; records the media minutes.
     */
    async preflightMedia(ref: MediaRef): Promise<{ bytes: number; seconds: number; container?: string }> {
      let file: string | undefined;
      try {
        const got = await download(ref);
        file = got.file;
        const probe = await probeMedia(got.file);
        if (probe.seconds > deps.media.maxSeconds) {
          await rm(got.file, { force: true });
          throw ApplicationFailure.nonRetryable(
            `Media is ${formatDuration(probe.seconds)} long, over the ${formatDuration(deps.media.maxSeconds)} limit`,
            'media_too_long',
          );
        }
        await deps.tasks.setMediaSeconds(ref.taskId, Math.ceil(probe.seconds));
        return { bytes: got.bytes, seconds: probe.seconds, container: probe.container };
      } catch (err) {
        if (file) await rm(file, { force: true }); // unreadable or too long: never needed again
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
      const prior = await deps.tasks.getStep(whole);
      if (prior?.output != null) return { text: prior.output, costMicroUsd: prior.costMicroUsd };
      const llm = requireLlm(deps.llm);
      try {
        // Another worker may run this step (the preflight's download is local): fetch again if absent.
        const file = (await cache.find(ref.taskId, ref.run)) ?? (await download(ref)).file;
        const partsDir = `${file}.parts`;
        if ((await stat(file)).size <= deps.media.maxUploadBytes) {
          const part = await transcribePart(llm, ref.model, file, whole);
          await rm(file, { force: true });
          return part;
        }
        if (!deps.media.ffmpegPath)
          throw new MediaError(
            'media_too_large',
            `Media is over the ${formatBytes(deps.media.maxUploadBytes)} one transcription request takes, and splitting it needs ffmpeg: ${FFMPEG_INSTALL_HINT}`,
          );
        const ffmpeg = deps.media.ffmpegPath;
        const files = await withHeartbeats(
          (signal) => splitAudio({ ffmpeg, file, outDir: partsDir, partSeconds: deps.media.partSeconds, signal }),
          { what: 'splitting the audio' },
        );
        const parts = [];
        for (const [i, f] of files.entries())
          parts.push(await transcribePart(llm, ref.model, f, { ...whole, step: `transcribe:${i + 1}` }));
        await rm(partsDir, { recursive: true, force: true });
        await rm(file, { force: true });
        return {
          text: parts.map((p) => p.text).join('\n'),
          costMicroUsd: parts.reduce((sum, p) => sum + p.costMicroUsd, 0),
        };
      } catch (err) {
        throw err instanceof MediaError ? toFailure(err) : mapLlmError(err, 'transcription');
      }
    },

    /**
     * Deletes this run's cached files whatever the outcome (done, failed, cancelled), and now and then
     * the files of runs whose release never came here (another worker's, a crash's).
     */
    async releaseMedia(ref: Pick<MediaRef, 'taskId' | 'run'>): Promise<{ removed: number }> {
      const removed = await cache.release(ref.taskId, ref.run);
      await sweepNowAndThen();
      return { removed };
    },
  };
}
export type MediaActivities = ReturnType<typeof createMediaActivities>;
