import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMediaActivities } from '../../activities/media-activities';
import { startMediaServer, wavFile } from '../fakes/media-server';
import { insertTaskRow } from '../support/ledger-rows';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

/**
 * The media activities in the SDK's activity environment (heartbeats observable), over the real
 * database and a real HTTP media server on 127.0.0.1.
 */
const failureOf = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
};

describe('media download without MEDIA_ALLOWED_HOSTS', () => {
  let p: TestPlatform;
  let media: Awaited<ReturnType<typeof startMediaServer>>;
  const s = Date.now().toString(36);
  beforeAll(async () => {
    media = await startMediaServer({ '/call.wav': { body: wavFile(1) } });
    p = await createTestPlatform({ DATA_DIR: `/tmp/echopilot-media-guard-${process.pid}` });
  });
  afterAll(async () => {
    await p.close();
    await media.close();
  });

  it('#4 loopback in every spelling is refused before any request, with the generic reason, not retried', async () => {
    const port = new URL(media.url('/')).port;
    const urls = [
      media.url('/call.wav'),
      `http://localhost:${port}/call.wav`,
      `http://2130706433:${port}/call.wav`, // 127.0.0.1 as one number
      `http://0x7f.1:${port}/call.wav`,
      `http://[::ffff:127.0.0.1]:${port}/call.wav`,
      `http://[::1]:${port}/call.wav`,
    ];
    for (const [i, url] of urls.entries()) {
      const taskId = `guard-${i}-${s}`;
      await insertTaskRow(p.database.db, { taskId, type: 'media', mediaUrl: url });
      const f = await failureOf(
        new MockActivityEnvironment().run(p.activities.preflightMedia, { taskId, run: 0, url }),
      );
      expect({ url, type: f.type, message: f.message, nonRetryable: f.nonRetryable }).toEqual({
        url,
        type: 'media_unavailable',
        message: 'Cannot download the media file: could not fetch',
        nonRetryable: true,
      });
    }
    expect(media.requests).toEqual([]);
  });

  it('#4 link-local, metadata and RFC 1918 addresses get the same reason as an unreachable host (no oracle)', async () => {
    const reasons = new Set<string>();
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/a.wav',
      'http://192.168.1.1/a.wav',
      'http://[fd00:ec2::254]/',
    ]) {
      reasons.add(
        (
          await failureOf(
            new MockActivityEnvironment().run(p.activities.preflightMedia, { taskId: `guard-x-${s}`, run: 0, url }),
          )
        ).message,
      );
    }
    expect([...reasons]).toEqual(['Cannot download the media file: could not fetch']);
  });

  it("#8 a release deletes the run's files and sweeps files older than a day, keeping fresh ones", async () => {
    const dir = p.config.media.cacheDir;
    await mkdir(dir, { recursive: true });
    const old = path.join(dir, `stale-${s}-0.wav`);
    const fresh = path.join(dir, `fresh-${s}-0.wav`);
    const mine = [path.join(dir, `mine-${s}-1.wav`), path.join(dir, `mine-${s}-1.download.part`)];
    for (const f of [old, fresh, ...mine]) await writeFile(f, 'x');
    await mkdir(path.join(dir, `mine-${s}-1.wav.parts`));
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    await utimes(old, twoDaysAgo, twoDaysAgo);
    // A new process (worker start) sweeps at once; its first release waits for that sweep.
    const activities = createMediaActivities({
      tasks: p.appDeps.tasks,
      prices: p.config.llm.prices,
      media: p.config.media,
      metrics: p.appDeps.metrics,
    });
    const out = await new MockActivityEnvironment().run(activities.releaseMedia, { taskId: `mine-${s}`, run: 1 });
    expect(out).toEqual({ removed: 3 });
    const left = (await readdir(dir)).filter((f) => f.includes(s));
    expect(left).toEqual([path.basename(fresh)]);
  });
});

describe('media download heartbeats and idle timeout', () => {
  let p: TestPlatform;
  let media: Awaited<ReturnType<typeof startMediaServer>>;
  const s = Date.now().toString(36);
  beforeAll(async () => {
    media = await startMediaServer({
      '/stall.wav': { body: wavFile(1), stallFirst: { times: 1, afterBytes: 1000 } },
      '/ok.wav': { body: wavFile(1) },
    });
    p = await createTestPlatform({
      DATA_DIR: `/tmp/echopilot-media-idle-${process.pid}`,
      MEDIA_ALLOWED_HOSTS: '127.0.0.1',
      MEDIA_IDLE_TIMEOUT_SECONDS: '1',
    });
  });
  afterAll(async () => {
    await p.close();
    await media.close();
  });

  it('#9 a stalled download heartbeats only while bytes arrive and fails its attempt after the idle timeout', async () => {
    const taskId = `stall-${s}`;
    await insertTaskRow(p.database.db, { taskId, type: 'media', mediaUrl: media.url('/stall.wav') });
    // A heartbeat timeout far below the idle timeout: a timer would beat several times during the stall.
    const env = new MockActivityEnvironment({ heartbeatTimeoutMs: 300 });
    const beats: unknown[] = [];
    env.on('heartbeat', (d: unknown) => beats.push(d));
    const f = await failureOf(env.run(p.activities.preflightMedia, { taskId, run: 0, url: media.url('/stall.wav') }));
    expect(f).toMatchObject({
      type: 'media_unavailable',
      message: 'Media download stalled: no data for 1 s',
      nonRetryable: false,
    });
    // Progress only: the answer (0 bytes) and the first 1000 bytes, each once; nothing while stalled.
    const bytes = beats.map((b) => (b as { bytes: number }).bytes);
    expect(bytes[0]).toBe(0);
    expect(bytes.at(-1)).toBe(1000);
    expect(new Set(bytes).size).toBe(bytes.length);
    expect(media.openStalls()).toBe(0); // the attempt let go of the connection
    // The next attempt gets the file.
    const ok = await new MockActivityEnvironment({ heartbeatTimeoutMs: 300 }).run(p.activities.preflightMedia, {
      taskId,
      run: 0,
      url: media.url('/stall.wav'),
    });
    expect(ok).toMatchObject({ seconds: 1 });
  });

  it('#19 a file system error in the cache is reported without the server path', async () => {
    const blocked = `/tmp/echopilot-media-notadir-${process.pid}`;
    await writeFile(blocked, 'a file where the data folder should be');
    const q = await createTestPlatform({ DATA_DIR: blocked, MEDIA_ALLOWED_HOSTS: '127.0.0.1' });
    try {
      const f = await failureOf(
        new MockActivityEnvironment().run(q.activities.preflightMedia, {
          taskId: `fs-${s}`,
          run: 0,
          url: media.url('/ok.wav'),
        }),
      );
      expect(f.message).toMatch(/ENOTDIR/);
      expect(f.message).not.toContain('/tmp');
      expect(f.message).not.toContain(blocked);
    } finally {
      await q.close();
    }
  });
});
