import { WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertLog } from '../../infra/db/schema';
import { adminHeaders } from '../support/test-config';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

describe('X-Request-Id labels logs only; workflow ids are made by the server', () => {
  let p: TestPlatform;
  const started: string[] = [];
  beforeAll(async () => {
    p = await createTestPlatform();
  });
  afterAll(async () => {
    // No worker polls this suite's task queue: end what it started.
    for (const id of started)
      await p.client.workflow
        .getHandle(id)
        .terminate('test cleanup')
        .catch(() => undefined);
    await p.close();
  });

  const selfTest = (requestId: string) =>
    p.app.request('/api/self-test', {
      method: 'POST',
      headers: { ...adminHeaders('198.51.100.60'), 'X-Request-Id': requestId },
      body: JSON.stringify({ waitSeconds: 0 }),
    });

  it('#21 a chosen X-Request-Id never becomes a workflow id, and reusing it starts a second run', async () => {
    const chosen = 'attacker-chosen-id-0001';
    const first = await selfTest(chosen);
    const second = await selfTest(chosen);
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(first.headers.get('x-request-id')).toBe(chosen); // still echoed, for log correlation
    const ids = [
      ((await first.json()) as { workflowId: string }).workflowId,
      ((await second.json()) as { workflowId: string }).workflowId,
    ];
    started.push(...ids);
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) {
      expect(id).toMatch(/^self-test-[0-9a-f-]{36}$/);
      expect(id).not.toContain(chosen);
    }
    await expect(p.client.workflow.getHandle(`self-test-${chosen}`).describe()).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );
  });

  it('#21 a chosen X-Request-Id does not become the key of a stored alert', async () => {
    const chosen = 'attacker-chosen-alert-0002';
    const res = await p.app.request('/api/alerts/test', {
      method: 'POST',
      headers: { ...adminHeaders('198.51.100.61'), 'X-Request-Id': chosen },
      body: '{}',
    });
    expect(res.status).toBe(200);
    const keys = (await p.database.db.select({ key: alertLog.key }).from(alertLog)).map((r) => r.key);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key).not.toContain(chosen);
  });
});
