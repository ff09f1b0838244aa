import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMediaServer, wavFile } from '../fakes/media-server';
import { startPipeline, type PipelineHarness } from '../support/pipeline-harness';

describe('media tasks: preflight from the real file, transcription through the OpenAI audio API', () => {
  let h: PipelineHarness;
  let media: Awaited<ReturnType<typeof startMediaServer>>;
  beforeAll(async () => {
    media = await startMediaServer({
      '/call.wav': { body: wavFile(2.5) },
      // 4 h 0 m 10 s at 100 Hz 8-bit mono: a real, 1.4 MB WAV whose audio is over the 4 h limit.
      '/long.wav': { body: wavFile(4 * 3600 + 10, 100) },
      // Claims 2 GiB: refused from the header, before the download.
      '/huge.wav': { body: wavFile(1), declaredLength: 2 * 1024 ** 3 },
      // No Content-Length and bigger than MEDIA_MAX_BYTES (set to 2 MB below): caught while streaming.
      '/liar.wav': { body: wavFile(300), chunked: true },
      '/notes.txt': { body: Buffer.from('just some text, not audio at all'.repeat(20)), contentType: 'text/plain' },
      '/busy.wav': { body: wavFile(1.5), failFirst: { times: 1, status: 503 } },
      '/gone.wav': { body: wavFile(1), failFirst: { times: 99, status: 404 } },
    });
    h = await startPipeline({
      MEDIA_ALLOWED_HOSTS: '127.0.0.1',
      MEDIA_MAX_BYTES: '2000000',
      DATA_DIR: `/tmp/echopilot-media-test-${process.pid}`,
    });
  });
  afterAll(async () => {
    await h.close();
    await media.close();
  });

  const run = async (path: string) => {
    const { taskId } = await h.submit({
      title: `Media ${path}`,
      prompt: 'Summarise the call.',
      type: 'media',
      media: { url: media.url(path) },
    });
    await h
      .handle(taskId)
      .result()
      .catch(() => undefined);
    return { taskId, view: await h.getTask(taskId) };
  };

  it('probes duration, transcribes with TRANSCRIBE_MODEL, runs the prompt over the transcript, records media minutes', async () => {
    h.llm.defaults.transcriptText = 'Customer asks for a refund of order 42.';
    const { taskId, view } = await run('/call.wav');
    expect(view).toMatchObject({ status: 'done', media: { seconds: 3, chargeUsd: '5.000000' } });
    expect(h.llm.transcriptions.at(-1)).toMatchObject({ model: 'whisper-1' });
    expect(h.llm.transcriptions.at(-1)!.bytes).toBeGreaterThan(wavFile(2.5).length);
    const gen = h.llm.calls.filter((c) => c.kind === 'generate').at(-1)!;
    expect(gen.messages.at(-1)!.content).toContain('Customer asks for a refund of order 42.');
    const steps = await h.p.appDeps.tasks.steps(taskId);
    // whisper-1 at $0.006/min, 3 started seconds = 300 µ$.
    expect(steps.find((s) => s.step === 'transcribe')).toMatchObject({
      attempt: 0,
      model: 'whisper-1',
      costMicroUsd: 300,
    });
  });

  it('audio longer than 4 h fails with the reason, without transcription or LLM calls', async () => {
    const before = h.llm.calls.length + h.llm.transcriptions.length;
    const { view } = await run('/long.wav');
    expect(view).toMatchObject({
      status: 'failed',
      failure: { type: 'media_too_long', reason: expect.stringContaining('over the 4h00m00s limit') },
    });
    expect(h.llm.calls.length + h.llm.transcriptions.length).toBe(before);
  });

  it('declared size over the limit fails before downloading; a lying server is caught by the real size', async () => {
    const huge = await run('/huge.wav');
    expect(huge.view).toMatchObject({
      status: 'failed',
      failure: { type: 'media_too_large', reason: expect.stringContaining('2.00 GB (declared size)') },
    });
    const liar = await run('/liar.wav');
    expect(liar.view).toMatchObject({
      status: 'failed',
      failure: { type: 'media_too_large', reason: expect.stringContaining('real size') },
    });
  });

  it('a media host answering 503 is retried (media_unavailable is transient) and the task completes', async () => {
    const { taskId, view } = await run('/busy.wav');
    expect(view).toMatchObject({ status: 'done', media: { seconds: 2 } });
    expect(media.requests.filter((r) => r === '/busy.wav')).toHaveLength(2);
    expect((await h.p.appDeps.tasks.get(taskId))!.failureType).toBeNull();
  });

  it('a 404 from the media host fails as unreadable at once, without retries', async () => {
    const { view } = await run('/gone.wav');
    expect(view).toMatchObject({
      status: 'failed',
      failure: { type: 'media_unreadable', reason: 'Cannot download the media file: HTTP 404' },
    });
    expect(media.requests.filter((r) => r === '/gone.wav')).toHaveLength(1);
  });

  it('a file that is not audio fails as unreadable, once', async () => {
    const hits = () => media.requests.filter((r) => r === '/notes.txt').length;
    const { view } = await run('/notes.txt');
    expect(view).toMatchObject({ status: 'failed', failure: { type: 'media_unreadable' } });
    expect(hits()).toBe(1);
  });
});
