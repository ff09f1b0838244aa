import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriveDeliverySummary } from '../../domain/contracts/drive-delivery';
import { readServiceAccountKey } from '../../infra/clients/drive-client';
import { jobs } from '../../infra/db/schema';
import { scheduleDefinitions } from '../../schedules/definitions';
import { startDriveFake, type DriveFake } from '../fakes/drive-fake';
import { createClient } from '../support/clients';
import { createPaymentPlatform, type PaymentPlatform } from '../support/payments';
import { testConfig } from '../support/test-config';

const EMAIL = 'echopilot@test-project.iam.gserviceaccount.com';

describe('Google Drive delivery through googleapis against a Drive fake (service-account JWT flow)', () => {
  let drive: DriveFake;
  let p: PaymentPlatform;
  let runs = 0;
  beforeAll(async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    drive = await startDriveFake({ publicKey, clientEmail: EMAIL });
    const key = {
      type: 'service_account',
      client_email: EMAIL,
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      private_key_id: 'key-1',
    };
    p = await createPaymentPlatform({
      GOOGLE_DRIVE_CREDENTIALS: JSON.stringify(key),
      GOOGLE_DRIVE_PARENT_FOLDER_ID: 'parent-folder',
      GOOGLE_DRIVE_API_BASE_URL: drive.url,
      GOOGLE_DRIVE_TOKEN_URL: drive.tokenUrl,
    });
    await createClient(p.app, { clientId: 'drv', name: 'Drive Co', email: 'ops@drive.example' });
    const row = (taskId: string, status: string, result: string | null) => ({
      taskId,
      workflowId: `task-${taskId}`,
      source: 'api',
      title: `Report ${taskId}`,
      prompt: 'p',
      clientId: 'drv',
      status,
      result,
      completedAt: status === 'running' ? null : new Date(Date.UTC(2026, 11, 1, 10, Number(taskId.slice(-1)))),
    });
    await p.database.db
      .insert(jobs)
      .values([row('drv-1', 'done', 'First result'), row('drv-2', 'low_qa', 'Second'), row('drv-3', 'running', null)]);
  });
  afterAll(async () => {
    await p.close();
    await drive.close();
  });

  const deliver = () =>
    p.client.workflow.execute<() => Promise<DriveDeliverySummary>>('driveDelivery', {
      workflowId: `drive-test-${++runs}`,
      taskQueue: p.taskQueue,
    });
  const resultFiles = (key: string) => drive.files.filter((f) => f.appProperties.echopilotResult === key);

  it('uploads each finished result once, even when an upload answer is lost and the activity retries', async () => {
    drive.loseNextUploadAnswer();
    const first = await deliver();
    // The first upload reached Drive but its answer did not: the retry finds it instead of uploading again.
    expect(first).toEqual({ enabled: true, uploaded: ['drv-2#0'], alreadyThere: ['drv-1#0'] });
    expect(resultFiles('drv-1#0')).toHaveLength(1);
    expect(resultFiles('drv-2#0')).toHaveLength(1);
    expect(drive.files.filter((f) => f.appProperties.echopilotResult?.startsWith('drv-3'))).toEqual([]);
    expect(drive.requests.filter((r) => r.path === '/upload/drive/v3/files')).toHaveLength(2);
    expect(drive.requests.some((r) => r.method === 'POST' && r.path === '/token')).toBe(true);

    const [folder] = drive.files.filter((f) => f.mimeType === 'application/vnd.google-apps.folder');
    expect(folder).toMatchObject({
      name: 'Drive Co',
      parents: ['parent-folder'],
      appProperties: { echopilotClientId: 'drv' },
    });
    expect(resultFiles('drv-1#0')[0]).toMatchObject({
      name: 'Report drv-1 (drv-1).md',
      mimeType: 'text/markdown',
      parents: [folder!.id],
      content: '# Report drv-1\n\nFirst result\n',
    });

    const again = await deliver();
    expect(again).toEqual({ enabled: true, uploaded: [], alreadyThere: [] });
    expect(drive.files).toHaveLength(3); // one folder, two results
  });

  it('is scheduled only with credentials and a parent folder; a bad key names the variable', () => {
    expect(scheduleDefinitions(p.config).find((d) => d.id === 'drive-delivery')).toMatchObject({
      workflowType: 'driveDelivery',
      spec: { intervals: [{ every: '300 seconds' }] },
    });
    expect(scheduleDefinitions(testConfig()).some((d) => d.id === 'drive-delivery')).toBe(false);
    expect(() => readServiceAccountKey('{not json')).toThrow(/GOOGLE_DRIVE_CREDENTIALS/);
    expect(() => readServiceAccountKey('/nonexistent/key.json')).toThrow(/GOOGLE_DRIVE_CREDENTIALS/);
    expect(() => readServiceAccountKey('{"client_email":"a@b"}')).toThrow(/private_key/);
  });
});
