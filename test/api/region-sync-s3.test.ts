import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookFake, type WebhookFake } from '../fakes/webhook-fake';
import { startMotoServer, type MotoServer } from '../support/moto-server';
import { ownNamespace } from '../support/own-namespace';
import { adminHeaders } from '../support/test-config';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { runWorkerFor } from '../support/platform-worker';
import { temporalAddress } from '../support/temporal';

const ADMIN = adminHeaders('10.15.3.1');
const SECRET = 'replica-sync-s3-secret-0123456789';
const BUCKET = 'echopilot-sync';
// The sync workflow id is fixed (a double click joins the run): a namespace of its own keeps other suites apart.
const NAMESPACE = 'replica-s3';

async function platformWith(env: Record<string, string>, hook: WebhookFake, dataDir: string) {
  const p = await createTestPlatform(
    { DATA_DIR: dataDir, TEMPORAL_ADDRESS: temporalAddress(), ALERT_WEBHOOK_URL: hook.url, REPLICA_KEEP: '2', ...env },
    undefined,
    { namespace: NAMESPACE },
  );
  return runWorkerFor(p, NAMESPACE);
}

const sync = async (p: TestPlatform) => {
  const res = await p.app.request('/api/regions/sync', { method: 'POST', headers: ADMIN, body: '{"waitSeconds":60}' });
  return { status: res.status, text: await res.text() };
};
const history = async (p: TestPlatform) =>
  JSON.stringify(await p.client.workflow.getHandle('replica-sync-api').fetchHistory());

describe(
  'POST /api/regions/sync with an S3 bucket (moto server, real dev server and worker)',
  { timeout: 300_000 },
  () => {
    const work = mkdtempSync(path.join(tmpdir(), 'echopilot-sync-s3-'));
    let hook: WebhookFake;
    let moto: MotoServer;
    const s3Env = (bucket: string) => ({
      REPLICA_S3_BUCKET: bucket,
      REPLICA_S3_ENDPOINT: moto.endpoint,
      REPLICA_S3_ACCESS_KEY_ID: 'AKIASYNCTEST',
      REPLICA_S3_SECRET_ACCESS_KEY: SECRET,
    });
    beforeAll(async () => {
      hook = await startWebhookFake();
      moto = await startMotoServer();
      await moto.createBucket(BUCKET);
      await ownNamespace(NAMESPACE);
    }, 300_000);
    afterAll(async () => {
      await moto?.stop();
      await hook?.close();
      rmSync(work, { recursive: true, force: true });
    });

    it('answers with the verified bucket copy; the secret is in no answer, report or workflow history', async () => {
      const ok = await platformWith(s3Env(BUCKET), hook, path.join(work, 'ok'));
      try {
        const res = await sync(ok.p);
        expect(res.status).toBe(200);
        const body = JSON.parse(res.text) as { snapshotId: string; files: number; s3: Record<string, unknown> };
        expect(body.s3).toMatchObject({
          uploaded: body.files + 1,
          verified: true,
          key: `s3://${BUCKET}/echopilot/${body.snapshotId}/`,
        });
        const listed = await moto.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'echopilot/' }));
        expect(listed.Contents).toHaveLength(body.files + 1);
        const reports = await (await ok.p.app.request('/api/ops-reports?kind=replica-sync', { headers: ADMIN })).text();
        expect(reports).toContain('S3 copy verified');
        for (const text of [res.text, reports, await history(ok.p), JSON.stringify(hook.posts)])
          expect(text).not.toContain(SECRET);
      } finally {
        await ok.close();
      }
    });

    it('a failed upload keeps the local snapshot, answers with the error, reports critical and alerts', async () => {
      const bad = await platformWith(s3Env('no-such-bucket'), hook, path.join(work, 'bad'));
      try {
        const res = await sync(bad.p);
        expect(res.status).toBe(200);
        const body = JSON.parse(res.text) as { path: string; verified: boolean; s3: { error: string } };
        expect(body.verified).toBe(true);
        expect(existsSync(path.join(body.path, 'manifest.json'))).toBe(true);
        expect(body.s3.error).toMatch(/NoSuchBucket \(HTTP 404\)/);
        const reports = (await (
          await bad.p.app.request('/api/ops-reports?kind=replica-sync', { headers: ADMIN })
        ).json()) as { items: { status: string; summary: string }[] };
        expect(reports.items[0]).toMatchObject({ status: 'critical' });
        expect(reports.items[0]!.summary).toContain('S3 copy failed');
        expect(hook.posts.some((p) => String(p.text).includes('Replica S3 copy failed'))).toBe(true);
        for (const text of [res.text, JSON.stringify(reports), await history(bad.p), JSON.stringify(hook.posts)])
          expect(text).not.toContain(SECRET);
      } finally {
        await bad.close();
      }
    });
  },
);
