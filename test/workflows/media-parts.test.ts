import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMediaServer, wavFile } from '../fakes/media-server';
import { createCostLedger } from '../../infra/db/repositories/cost-ledger';
import { startPipeline, type PipelineHarness } from '../support/pipeline-harness';

describe('media over one transcription request: cut into parts with ffmpeg, each paid for once', () => {
  let h: PipelineHarness;
  let media: Awaited<ReturnType<typeof startMediaServer>>;
  beforeAll(async () => {
    // 5 s of 8 kHz audio = 40 044 bytes, over the 40 000-byte upload limit set below: 3 parts of ≤ 2 s.
    media = await startMediaServer({ '/meeting.wav': { body: wavFile(5) } });
    h = await startPipeline({
      MEDIA_ALLOWED_HOSTS: '127.0.0.1',
      TRANSCRIBE_MAX_UPLOAD_BYTES: '40000',
      TRANSCRIBE_PART_SECONDS: '2',
      DATA_DIR: `/tmp/echopilot-media-parts-${process.pid}`,
    });
  });
  afterAll(async () => {
    await h.close();
    await media.close();
  });

  it('transcribes every part in order, and a retry after a failed part pays only for that part', async () => {
    h.llm.transcription.push(
      { content: 'Part one.' },
      { content: 'Part two.' },
      { status: 503, message: 'overloaded' }, // the third part fails once; the activity is retried
      { content: 'Part three.' },
    );
    const { taskId } = await h.submit({
      title: 'Meeting',
      prompt: 'List the decisions.',
      type: 'media',
      media: { url: media.url('/meeting.wav') },
    });
    expect((await h.handle(taskId).result()).status).toBe('done');

    // 3 parts + the retried third; the two recorded parts were not sent again.
    expect(h.llm.transcriptions).toHaveLength(4);
    for (const t of h.llm.transcriptions) expect(t.filename).toMatch(/^part-\d{4}\.mp3$/);
    const gen = h.llm.calls.find((c) => c.kind === 'generate')!;
    expect(gen.messages.at(-1)!.content).toContain('Part one.\nPart two.\nPart three.');

    const parts = (await h.p.appDeps.tasks.steps(taskId)).filter((s) => s.step.startsWith('transcribe'));
    expect(parts.map((s) => s.step)).toEqual(['transcribe:1', 'transcribe:2', 'transcribe:3']);
    for (const s of parts)
      expect(s).toMatchObject({ attempt: 0, model: 'whisper-1', costMicroUsd: expect.any(Number) });
    // whisper-1 at $0.006/min = 100 µ$ per started second of each part (≈ 2 + 2 + 1 s).
    const partsCost = parts.reduce((sum, s) => sum + s.costMicroUsd, 0);
    expect(partsCost).toBeGreaterThanOrEqual(500);
    expect(partsCost).toBeLessThanOrEqual(800);
    const steps = await h.p.appDeps.tasks.steps(taskId);
    expect((await h.getTask(taskId)).media).toMatchObject({ seconds: 5 });
    expect((await createCostLedger(h.p.database.db).forTask(taskId)).costMicroUsd).toBe(
      steps.reduce((sum, s) => sum + s.costMicroUsd, 0),
    );
  });
});

describe('media over one transcription request without ffmpeg', () => {
  it('fails as media_too_large, saying that splitting needs ffmpeg and how to get it', async () => {
    const media = await startMediaServer({ '/meeting.wav': { body: wavFile(5) } });
    const h = await startPipeline({
      MEDIA_ALLOWED_HOSTS: '127.0.0.1',
      TRANSCRIBE_MAX_UPLOAD_BYTES: '40000',
      FFMPEG_PATH: '/nonexistent/ffmpeg',
      DATA_DIR: `/tmp/echopilot-media-noffmpeg-${process.pid}`,
    });
    try {
      const { taskId } = await h.submit({
        title: 'Meeting',
        prompt: 'List the decisions.',
        type: 'media',
        media: { url: media.url('/meeting.wav') },
      });
      await h
        .handle(taskId)
        .result()
        .catch(() => undefined);
      expect(await h.getTask(taskId)).toMatchObject({
        status: 'failed',
        failure: {
          type: 'media_too_large',
          reason: expect.stringMatching(
            /over the .* one transcription request takes, and splitting it needs ffmpeg: install ffmpeg/,
          ),
        },
      });
      expect(h.llm.transcriptions).toHaveLength(0);
    } finally {
      await h.close();
      await media.close();
    }
  });
});
