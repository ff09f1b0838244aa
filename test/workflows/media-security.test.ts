import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMediaServer, wavFile } from '../fakes/media-server';
import { ADMIN, startPipeline, type PipelineHarness } from '../support/pipeline-harness';

describe('media downloads as a hostile URL would use them (real processTask runs)', () => {
  let h: PipelineHarness;
  let media: Awaited<ReturnType<typeof startMediaServer>>;
  const dataDir = `/tmp/echopilot-media-security-${process.pid}`;
  const taskIds: string[] = [];
  beforeAll(async () => {
    media = await startMediaServer({
      '/to-metadata.wav': { body: Buffer.alloc(0), redirectTo: 'http://169.254.169.254/latest/meta-data/iam/' },
      '/loop-a': { body: Buffer.alloc(0), redirectTo: '/loop-b' },
      '/loop-b': { body: Buffer.alloc(0), redirectTo: '/loop-a' },
      '/download?id=42': { body: wavFile(1.5), contentType: 'application/octet-stream' },
      '/report.txt': { body: wavFile(1), contentType: 'audio/wav' },
      '/notes.wav': { body: Buffer.from('plain text pretending to be audio '.repeat(20)), contentType: 'audio/wav' },
      '/stall.wav': { body: wavFile(1), stallFirst: { times: 1, afterBytes: 2000 } },
    });
    // The media server is on loopback: only the allow-list lets these tests reach it.
    h = await startPipeline({
      MEDIA_ALLOWED_HOSTS: '127.0.0.1',
      MEDIA_IDLE_TIMEOUT_SECONDS: '1',
      MEDIA_MAX_REDIRECTS: '3',
      DATA_DIR: dataDir,
    });
  });
  afterAll(async () => {
    await h.close();
    await media.close();
  });

  const run = async (url: string) => {
    const { taskId } = await h.submit({ title: 'Media', prompt: 'Summarise the call.', type: 'media', media: { url } });
    taskIds.push(taskId);
    await h
      .handle(taskId)
      .result()
      .catch(() => undefined);
    return { taskId, view: await h.getTask(taskId) };
  };
  const hits = (path: string) => media.requests.filter((r) => r === path).length;

  it('#4 a redirect to the metadata address is refused with the generic reason, once', async () => {
    const { view } = await run(media.url('/to-metadata.wav'));
    expect(view).toMatchObject({
      status: 'failed',
      failure: { type: 'media_unavailable', reason: 'Cannot download the media file: could not fetch' },
    });
    expect(hits('/to-metadata.wav')).toBe(1);
  });

  it('#4 redirects are capped (MEDIA_MAX_REDIRECTS)', async () => {
    const { view } = await run(media.url('/loop-a'));
    expect(view).toMatchObject({
      status: 'failed',
      failure: { type: 'media_unreadable', reason: 'Cannot download the media file: more than 3 redirects' },
    });
    expect(hits('/loop-a') + hits('/loop-b')).toBe(4);
  });

  it('#7 the type comes from the content: a WAV behind /download?id= or a .txt URL is transcribed', async () => {
    for (const path of ['/download?id=42', '/report.txt']) {
      const { view } = await run(media.url(path));
      expect({ path, view }).toMatchObject({
        path,
        view: { status: 'done', media: { seconds: path === '/report.txt' ? 1 : 2 } },
      });
    }
    expect(h.llm.transcriptions.map((t) => t.filename)).toEqual([
      expect.stringMatching(/\.wav$/),
      expect.stringMatching(/\.wav$/),
    ]);
  });

  it('#7 text served as audio/wav with a .wav URL is unreadable (the content decides)', async () => {
    const { view } = await run(media.url('/notes.wav'));
    expect(view).toMatchObject({ status: 'failed', failure: { type: 'media_unreadable' } });
  });

  it('#9 a stalled download fails its attempt after MEDIA_IDLE_TIMEOUT_SECONDS and the retry completes the task', async () => {
    const { view } = await run(media.url('/stall.wav'));
    expect(view).toMatchObject({ status: 'done', media: { seconds: 1 } });
    expect(hits('/stall.wav')).toBe(2);
    expect(media.openStalls()).toBe(0);
  });

  it('#8 nothing of these runs is left in the media cache, whatever their outcome', async () => {
    expect(taskIds.length).toBeGreaterThanOrEqual(6);
    const left = await readdir(h.p.config.media.cacheDir).catch(() => [] as string[]);
    expect(left.filter((f) => taskIds.some((t) => f.startsWith(`${t}-`)))).toEqual([]);
  });

  it('#19 no failure reason names a server path', async () => {
    for (const taskId of taskIds) {
      const view = await h.getTask(taskId);
      const reason = (view.failure as { reason?: string } | undefined)?.reason ?? '';
      expect(reason).not.toContain(dataDir);
      expect(reason).not.toMatch(/\/(tmp|srv|home|var|data)\//);
    }
  });

  it('#11 a media URL with credentials is refused with a 400 naming media.url, without echoing them', async () => {
    const res = await h.p.app.request('/api/tasks', {
      method: 'POST',
      headers: ADMIN,
      body: JSON.stringify({
        title: 'Media',
        prompt: 'p',
        type: 'media',
        media: { url: 'https://alice:s3cr3t-pass@media.example.com/a.wav' },
      }),
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain('media.url');
    expect(text).not.toContain('s3cr3t-pass');
    expect(text).not.toContain('alice');
  });
});
