import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAiFake, type OpenAiFake } from '../fakes/openai-fake';
import { freePort } from '../support/free-port';
import { startPlatformProcess, type Started } from '../support/start-process';
import { runCli } from '../support/run-cli';

const KEY = 'e2e-restore-dashboard-key-abcdef';
const H = { 'X-Dash-Key': KEY, 'content-type': 'application/json' };

const start = startPlatformProcess;

async function waitUntil(what: string, check: () => Promise<boolean>, started: Started, ms = 420_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null) throw new Error(`start exited early:\n${started.output()}`);
    if (await check().catch(() => false)) return;
    await sleep(300);
  }
  throw new Error(`${what}: not in time:\n${started.output().slice(-4000)}`);
}

// Two full starts of the platform and a restore in between: minutes on a busy machine.
describe('snapshot, stop, restore into an empty folder, start: data and a running workflow survive', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'echopilot-restore-'));
  let llm: OpenAiFake;
  beforeAll(async () => {
    llm = await startOpenAiFake();
  });
  afterAll(async () => {
    await llm.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('restores clients, tasks, schedules and workflow histories; a budget-held task finishes after the restore', async () => {
    const [port, devPort, uiPort, metricsPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const env = (dataDir: string) => ({
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      TEMPORAL_DEV_PORT: String(devPort),
      TEMPORAL_UI_PORT: String(uiPort),
      METRICS_PORT: String(metricsPort),
      APP_METRICS_PORT: '0',
      DASHBOARD_KEY: KEY,
      // Keys are never in a snapshot: the operator keeps them, here in the environment of both starts.
      ENCRYPTION_MASTER_KEY: MASTER_KEY,
      AI_INTEGRATIONS_OPENAI_BASE_URL: llm.baseUrl,
      AI_INTEGRATIONS_OPENAI_API_KEY: 'sk-test-fake-key-123456',
      LOG_LEVEL: 'warn',
    });
    const api = `http://127.0.0.1:${port}`;
    const call = async (method: string, p: string, body?: unknown) => {
      const res = await fetch(`${api}${p}`, { method, headers: H, body: body ? JSON.stringify(body) : undefined });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const taskStatus = async (id: string) => (await call('GET', `/api/tasks/${id}`)).body.status;
    const original = path.join(work, 'original');
    const restored = path.join(work, 'restored');

    const first = start(env(original));
    let snapshotPath: string;
    let done: string;
    let held: string;
    try {
      await waitUntil('healthy', () => Promise.resolve(first.output().includes('Press Ctrl-C to stop.')), first);
      const client = await call('POST', '/api/clients', {
        clientId: 'kept',
        name: 'Kept Ltd',
        email: 'ops@kept.example',
        budgetUsdPerMonth: 0.01,
      });
      expect(client.status).toBe(201);
      const task = { title: 'Restorable', prompt: 'Write a haiku about backups.', clientId: 'kept' };
      done = String((await call('POST', '/api/tasks', task)).body.taskId);
      await waitUntil('first task done', async () => (await taskStatus(done)) === 'done', first);
      // 7 542 µ$ of a 10 000 µ$ cap spent: the second task's QA call would pass it, so it waits for a signal.
      held = String((await call('POST', '/api/tasks', task)).body.taskId);
      await waitUntil('second task held', async () => (await taskStatus(held)) === 'budget_hold', first);
      expect((await call('POST', '/api/schedules/heartbeat/pause', { note: 'kept across restore' })).status).toBe(200);

      const sync = await call('POST', '/api/regions/sync', { waitSeconds: 60 });
      expect(sync.status).toBe(200);
      // database, temporal.db, configuration.json (no audit checkpoint is signed before 00:05 on a fresh install)
      expect(sync.body).toMatchObject({ status: 'completed', verified: true, files: 3 });
      snapshotPath = String(sync.body.path);
      const status = await call('GET', '/api/regions/status');
      expect(status.body).toMatchObject({
        stale: false,
        last: { snapshotId: sync.body.snapshotId, verified: true, database: 'pglite', temporal: 'embedded' },
      });

      const refused = await runCli(['restore', snapshotPath], env(restored));
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('the platform seems to be running');
    } finally {
      first.child.kill('SIGINT');
      expect(await first.exited).toBe(0);
    }

    const restore = await runCli(['restore', snapshotPath], env(restored));
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(restore.stdout).toContain(`into ${restored}`);

    const second = start(env(restored));
    try {
      await waitUntil(
        'healthy after restore',
        () => Promise.resolve(second.output().includes('Press Ctrl-C to stop.')),
        second,
      );
      expect((await call('GET', '/api/clients/kept')).body).toMatchObject({ clientId: 'kept', name: 'Kept Ltd' });
      expect(await taskStatus(done)).toBe('done');
      expect(await taskStatus(held)).toBe('budget_hold');
      expect((await call('GET', '/api/schedules/heartbeat')).body).toMatchObject({
        paused: true,
        note: 'kept across restore',
      });
      // The workflow that was waiting at snapshot time receives its signal and completes on the restored server.
      const raise = await call('PATCH', '/api/clients/kept', { budgetUsdPerMonth: 0.02 });
      expect(raise.body.recheckedHeldTasks).toBe(1);
      await waitUntil('held task done after restore', async () => (await taskStatus(held)) === 'done', second);
    } finally {
      second.child.kill('SIGINT');
      expect(await second.exited).toBe(0);
    }
  }, 900_000);
});

const MASTER_KEY = randomBytes(32).toString('base64');
