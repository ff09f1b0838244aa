import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port';
import { startPlatformProcess, type Started } from '../support/start-process';

const start = startPlatformProcess;

async function waitForBanner(s: Started, timeoutMs = 150_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!s.output().includes('Press Ctrl-C to stop.')) {
    if (s.child.exitCode !== null) throw new Error(`start exited early:\n${s.output()}`);
    if (Date.now() > deadline) throw new Error(`no banner in time:\n${s.output()}`);
    await sleep(250);
  }
}

const mode = (file: string) => statSync(file).mode & 0o777;

describe('secrets and files of `echopilot start` (subprocess)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'echopilot-sec-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('#13 #23 prints a generated key once; data/ is 0700 and its files 0600, an older install tightened', async () => {
    // An older install: world-readable folder and media left in the cache.
    chmodSync(dataDir, 0o755);
    mkdirSync(path.join(dataDir, 'media-cache'), { mode: 0o755 });
    writeFileSync(path.join(dataDir, 'media-cache', 'old.part'), 'bytes', { mode: 0o644 });
    const [port, devPort, uiPort, metricsPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    // No HOST: the default bind address is under test. No DASHBOARD_KEY: the key is generated.
    const env = {
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '',
      DASHBOARD_KEY: '',
      TEMPORAL_DEV_PORT: String(devPort),
      TEMPORAL_UI_PORT: String(uiPort),
      METRICS_PORT: String(metricsPort),
      LOG_LEVEL: 'warn',
    };

    const first = start(env);
    await waitForBanner(first);
    const key = readFileSync(path.join(dataDir, 'dashboard-key'), 'utf8').trim();
    expect(key.length).toBeGreaterThanOrEqual(16);
    expect(first.output().split(key).length - 1).toBe(1); // shown once, at generation
    expect(first.output()).toContain(`API            http://127.0.0.1:${port}`);
    expect(mode(dataDir)).toBe(0o700);
    for (const file of ['dashboard-key', 'temporal.db', 'temporal-server.log', 'media-cache/old.part']) {
      expect(mode(path.join(dataDir, file)).toString(8), file).toBe('600');
    }
    expect(mode(path.join(dataDir, 'media-cache'))).toBe(0o700);
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);

    const second = start(env);
    try {
      await waitForBanner(second);
      expect(second.output()).not.toContain(key);
      expect(second.output()).toContain(`Dashboard key  kept in ${dataDir}/dashboard-key`);
    } finally {
      second.child.kill('SIGINT');
      expect(await second.exited).toBe(0);
    }
  }, 400_000);
});
