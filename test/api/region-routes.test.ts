import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookFake, type WebhookFake } from '../fakes/webhook-fake';
import { adminHeaders } from '../support/test-config';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { runWorkerFor } from '../support/platform-worker';
import { temporalAddress } from '../support/temporal';

const ADMIN = adminHeaders('10.15.0.1');

/** A platform on its own data folder and task queue, with a worker; Temporal is the shared (external) server. */
async function platformAt(replicaPath: string, hook: WebhookFake, dataDir: string) {
  const p = await createTestPlatform({
    DATA_DIR: dataDir,
    RAILWAY_FALLBACK_PATH: replicaPath,
    REPLICA_KEEP: '2',
    TEMPORAL_ADDRESS: temporalAddress(),
    ALERT_WEBHOOK_URL: hook.url,
  });
  return runWorkerFor(p);
}

describe(
  'POST /api/regions/sync and GET /api/regions/status (real dev server and worker)',
  { timeout: 300_000 },
  () => {
    const work = mkdtempSync(path.join(tmpdir(), 'echopilot-regions-'));
    let hook: WebhookFake;
    let ok: Awaited<ReturnType<typeof platformAt>>;
    beforeAll(async () => {
      hook = await startWebhookFake();
      ok = await platformAt('backups/replica', hook, path.join(work, 'ok'));
    }, 300_000);
    afterAll(async () => {
      await ok.close();
      await hook.close();
      rmSync(work, { recursive: true, force: true });
    });
    const post = (p: TestPlatform, body: unknown) =>
      p.app.request('/api/regions/sync', { method: 'POST', headers: ADMIN, body: JSON.stringify(body) });

    it('takes a verified snapshot and reports it in the status', async () => {
      const res = await post(ok.p, { waitSeconds: 60 });
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ status: 'completed', verified: true, files: 2 }); // database + configuration
      expect(String(body.path)).toBe(path.join(work, 'ok', 'backups', 'replica', String(body.snapshotId)));
      const status = (await (await ok.p.app.request('/api/regions/status', { headers: ADMIN })).json()) as {
        last: Record<string, unknown>;
        stale: boolean;
        lastRun: { status: string };
      };
      expect(status).toMatchObject({ stale: false, generations: 1, keep: 2, intervalHours: 2 });
      expect(status.last).toMatchObject({ snapshotId: body.snapshotId, verified: true, temporal: 'external' });
      expect(status.lastRun.status).toBe('ok');
    });

    it('a bad body is a 400 naming the field', async () => {
      const res = await post(ok.p, { waitSeconds: 'soon' });
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toContain('waitSeconds');
      expect((await post(ok.p, { extra: 1 })).status).toBe(400);
    });

    it('an unusable destination fails clearly: 503, a critical routine report and an alert', async () => {
      // A regular file where the replica folder should be: it can be neither created nor written.
      const blocked = path.join(work, 'blocked');
      writeFileSync(blocked, 'not a folder');
      const bad = await platformAt(path.join(blocked, 'replica'), hook, path.join(work, 'bad'));
      try {
        const res = await post(bad.p, { waitSeconds: 60 });
        expect(res.status).toBe(503);
        const err = (await res.json()) as { error: { code: string; message: string } };
        expect(err.error.code).toBe('replica_sync_failed');
        expect(err.error.message).toContain(`replica path ${path.join(blocked, 'replica')} does not exist`);
        const report = (await (
          await bad.p.app.request('/api/ops-reports?kind=replica-sync', { headers: ADMIN })
        ).json()) as { items: { status: string; summary: string }[] };
        expect(report.items[0]).toMatchObject({ status: 'critical' });
        expect(report.items[0]!.summary).toContain('does not exist');
        expect(hook.posts.some((p) => String(p.text).includes('Replica snapshot failed'))).toBe(true);
      } finally {
        await bad.close();
      }
    });
  },
);
