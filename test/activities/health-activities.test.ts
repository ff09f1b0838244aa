import { MockActivityEnvironment } from '@temporalio/testing';
import type { Activities } from '../../activities';
import type { HealthCheck, HealthCheckName } from '../../domain/health';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHealthChecks } from '../../infra/health/health-checks';
import { openTestDatabase } from '../support/test-database';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

describe('health activities (MockActivityEnvironment, real clients)', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await createTestPlatform();
  });
  afterAll(async () => platform.close());

  it('checks Temporal and the database for real', async () => {
    const env = new MockActivityEnvironment();
    const temporal = await env.run<[HealthCheckName], HealthCheck, Activities['runHealthCheck']>(
      platform.activities.runHealthCheck,
      'temporal',
    );
    expect(temporal).toMatchObject({ name: 'temporal', status: 'ok' });
    expect(temporal.detail).toMatch(/server \d+\.\d+/);
    expect(await env.run(platform.activities.runHealthCheck, 'database' as const)).toMatchObject({
      name: 'database',
      status: 'ok',
    });
  });

  it('reports no worker on an unpolled task queue, and unconfigured integrations as such', async () => {
    const env = new MockActivityEnvironment();
    const workers = await env.run(platform.activities.runHealthCheck, 'workers' as const);
    expect(workers).toMatchObject({ status: 'fail', detail: expect.stringContaining('no worker polling') });
    expect(await env.run(platform.activities.runHealthCheck, 'llm' as const)).toMatchObject({
      status: 'not_configured',
    });
  });

  it('stores a report tagged with the workflow id and build id', async () => {
    const env = new MockActivityEnvironment({ workflowExecution: { workflowId: 'wf-activity-test', runId: 'r1' } });
    const checks = [{ name: 'temporal' as const, status: 'ok' as const, latencyMs: 1, detail: 'x' }];
    const id = await env.run(platform.activities.recordHealthReport, { source: 'unit', status: 'ok' as const, checks });
    expect(await platform.appDeps.healthReports.latest()).toMatchObject({
      id,
      workflowId: 'wf-activity-test',
      buildId: 'test-build',
    });
  });

  it('turns an unreachable database into a failed check instead of an error', async () => {
    const closed = await openTestDatabase();
    await closed.close();
    const checks = createHealthChecks({
      temporal: platform.client,
      namespace: 'default',
      taskQueue: platform.taskQueue,
      pingDatabase: closed.ping,
    });
    const result = await checks.database();
    expect(result).toMatchObject({ name: 'database', status: 'fail' });
    expect(result.detail.length).toBeGreaterThan(0);
  });
});
