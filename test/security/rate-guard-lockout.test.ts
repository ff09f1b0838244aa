import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { doctorCommand } from '../../cli/commands/doctor';
import { listen, type RunningServer } from '../../api/server';
import { openDatabase } from '../../infra/db/open-database';
import { createAuditLog } from '../../infra/db/repositories/audit-log';
import { createRateGuardStore } from '../../infra/db/repositories/rate-guard-store';
import { ipFingerprint } from '../../infra/security/audited-rate-guard';
import { PROJECT_ROOT } from '../../infra/paths';
import { dataConverterFor } from '../../infra/crypto/payload-encryption';
import { startWebhookFake, type WebhookFake } from '../fakes/webhook-fake';
import { freePort } from '../support/free-port';
import { createTestWorker, temporalAddress } from '../support/temporal';
import { adminHeaders, TEST_DASH_KEY } from '../support/test-config';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

const run = promisify(execFile);
/** The platform encrypts payloads (the default); the operator's CLI shares its master key. */
const MASTER_KEY = randomBytes(32).toString('base64');
/** The real CLI, as an operator runs it on the host. */
const cli = async (args: string[], env: Record<string, string>) =>
  (
    await run(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'rate-guard', ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    })
  ).stdout;

const wrong = (app: TestPlatform['app'], ip: string) =>
  app.request('/api/system-health', { headers: { ...adminHeaders(ip), 'X-Dash-Key': 'wrong-key-000' } });
const banOf = async (app: TestPlatform['app'], ip: string) => {
  for (let i = 0; i < 3; i++) await wrong(app, ip);
};

describe('admin lockout: lifting bans, ban alerts, the proxy warning', () => {
  let p: TestPlatform;
  let hook: WebhookFake;
  let worker: Worker;
  let connection: NativeConnection;
  let running: Promise<void>;
  let dataDir: string;
  beforeAll(async () => {
    hook = await startWebhookFake();
    p = await createTestPlatform({ ALERT_WEBHOOK_URL: hook.url, ENCRYPTION_MASTER_KEY: MASTER_KEY }, undefined, {
      encrypted: true,
    });
    ({ worker, connection } = await createTestWorker(p.taskQueue, p.activities, dataConverterFor(p.encryption)));
    running = worker.run();
    dataDir = mkdtempSync(path.join(tmpdir(), 'rate-guard-cli-'));
  });
  afterAll(async () => {
    worker.shutdown();
    await running;
    await connection.close();
    await p.close();
    await hook.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('#5 an admin lifts one ban and all bans over the API; the banned address stays refused until then', async () => {
    await banOf(p.app, '203.0.113.71');
    await banOf(p.app, '203.0.113.72');
    expect((await p.app.request('/api/system-health', { headers: adminHeaders('203.0.113.71') })).status).toBe(429);
    const admin = adminHeaders('198.51.100.70');
    const stats = (await (await p.app.request('/api/rate-guard', { headers: admin })).json()) as {
      activeBans: { ip: string }[];
    };
    expect(stats.activeBans.map((b) => b.ip).sort()).toEqual(['203.0.113.71', '203.0.113.72']);

    const one = await p.app.request('/api/rate-guard/bans/203.0.113.71', { method: 'DELETE', headers: admin });
    expect(await one.json()).toEqual({ ip: '203.0.113.71', cleared: true });
    expect((await p.app.request('/api/system-health', { headers: adminHeaders('203.0.113.71') })).status).toBe(200);
    expect((await p.app.request('/api/system-health', { headers: adminHeaders('203.0.113.72') })).status).toBe(429);

    const bad = await p.app.request('/api/rate-guard/bans/not-an-ip', { method: 'DELETE', headers: admin });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('ip');

    const all = await p.app.request('/api/rate-guard/bans', { method: 'DELETE', headers: admin });
    expect(await all.json()).toEqual({ cleared: 1 });
    expect((await p.app.request('/api/system-health', { headers: adminHeaders('203.0.113.72') })).status).toBe(200);
  });

  it('#5 placing a ban sends an alert that says how to lift it, without the full address', async () => {
    await banOf(p.app, '203.0.113.73');
    const post = await waitFor('the ban alert', () => hook.posts.find((m) => m.text.includes('banned')));
    expect(post.text).toContain('203.0.113.x');
    expect(post.text).not.toContain('203.0.113.73');
    expect(post.text).toContain('echopilot rate-guard clear');
  });

  it('#5 `echopilot rate-guard stats|clear <ip>|clear --all` work through the running worker', async () => {
    await banOf(p.app, '203.0.113.74');
    await banOf(p.app, '203.0.113.75');
    const env = {
      TEMPORAL_ADDRESS: temporalAddress(),
      TEMPORAL_TASK_QUEUE: p.taskQueue,
      DATA_DIR: dataDir,
      ENCRYPTION_MASTER_KEY: MASTER_KEY,
    };
    const stats = JSON.parse(await cli(['stats', '--json'], env)) as { activeBans: { ip: string }[] };
    expect(stats.activeBans.map((b) => b.ip)).toEqual(expect.arrayContaining(['203.0.113.74', '203.0.113.75']));
    expect(await cli(['clear', '203.0.113.74'], env)).toContain('lifted the ban of 203.0.113.74');
    expect((await p.app.request('/api/system-health', { headers: adminHeaders('203.0.113.74') })).status).toBe(200);
    expect(await cli(['clear', '--all'], env)).toMatch(/lifted [1-9]\d* ban\(s\)/);
    expect((await p.app.request('/api/system-health', { headers: adminHeaders('203.0.113.75') })).status).toBe(200);
    // Both clears are in the audit log, the address only as a fingerprint.
    const audit = p.appDeps.payments.audit;
    expect(await audit.bySubject(ipFingerprint('203.0.113.74'))).toMatchObject([
      { actor: 'cli:rate-guard', action: 'rate-guard.clear', details: { cleared: true } },
    ]);
    expect((await audit.bySubject('all')).filter((e) => e.actor === 'cli:rate-guard')).toHaveLength(1);
  }, 240_000); // each CLI run is a fresh Node process with tsx

  it('#5 with the platform stopped, the CLI lifts a ban straight from the embedded database', async () => {
    const db = await openDatabase({ kind: 'pglite', dir: path.join(dataDir, 'pglite') });
    await createRateGuardStore(db.db).ban('192.0.2.76', new Date(Date.now() + 600_000), 3);
    await db.close();
    const env = { TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`, DATA_DIR: dataDir };
    expect(await cli(['stats'], env)).toMatch(/active bans\s+1\n\s+192\.0\.2\.76/);
    expect(await cli(['clear', '192.0.2.76'], env)).toContain('lifted the ban of 192.0.2.76');
    expect(await cli(['stats'], env)).toMatch(/active bans\s+0/);
    const after = await openDatabase({ kind: 'pglite', dir: path.join(dataDir, 'pglite') });
    const entries = await createAuditLog(after.db).bySubject(ipFingerprint('192.0.2.76'));
    await after.close();
    expect(entries).toMatchObject([{ actor: 'cli:rate-guard', action: 'rate-guard.clear' }]);
  }, 240_000);

  describe('behind a proxy with TRUST_PROXY off', () => {
    let direct: TestPlatform;
    let directWorker: { worker: Worker; connection: NativeConnection };
    let directRunning: Promise<void>;
    let server: RunningServer;
    beforeAll(async () => {
      direct = await createTestPlatform({ TRUST_PROXY: 'false', ENCRYPTION_MASTER_KEY: MASTER_KEY }, undefined, {
        encrypted: true,
      });
      directWorker = await createTestWorker(direct.taskQueue, direct.activities, dataConverterFor(direct.encryption));
      directRunning = directWorker.worker.run();
      server = await listen(direct.app, 0, '127.0.0.1');
    });
    afterAll(async () => {
      await server.close();
      directWorker.worker.shutdown();
      await directRunning;
      await directWorker.connection.close();
      await direct.close();
    });

    it('#5 requests with X-Forwarded-For are recorded and `doctor` warns about the lockout risk', async () => {
      const res = await fetch(`${server.url}/health`, { headers: { 'X-Forwarded-For': '198.51.100.80' } });
      expect(res.status).toBeLessThan(500);
      const lines: string[] = [];
      const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
      try {
        await doctorCommand({
          TEMPORAL_ADDRESS: temporalAddress(),
          TEMPORAL_TASK_QUEUE: direct.taskQueue,
          DATA_DIR: dataDir,
          PORT: new URL(server.url).port,
          LOG_LEVEL: 'silent',
          DASHBOARD_KEY: TEST_DASH_KEY,
          ENCRYPTION_MASTER_KEY: MASTER_KEY,
        });
      } finally {
        spy.mockRestore();
      }
      const out = lines.join('\n');
      expect(out).toMatch(/! proxy\s+1 request\(s\) arrived with X-Forwarded-For while TRUST_PROXY is off/);
      expect(out).toContain('fix: behind a reverse proxy set TRUST_PROXY=true');
      expect(out).toMatch(/✔ rate guard\s+no active bans/);
    });
  });
});
