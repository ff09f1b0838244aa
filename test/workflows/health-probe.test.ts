import { afterEach, describe, expect, it } from 'vitest';
import type { healthProbe } from '../../workflows/health-probe';
import { createTestWorker } from '../support/temporal';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

describe('healthProbe workflow (real dev server)', () => {
  let platform: TestPlatform | undefined;
  afterEach(async () => platform?.close());

  it('runs all five checks, stores the report and returns it', async () => {
    platform = await createTestPlatform();
    const { worker, connection } = await createTestWorker(platform.taskQueue, platform.activities);
    const result = await worker.runUntil(
      platform.client.workflow.execute<typeof healthProbe>('healthProbe', {
        workflowId: `probe-${platform.taskQueue}`,
        taskQueue: platform.taskQueue,
        args: [{ source: 'test' }],
      }),
    );
    await connection.close();
    expect(result.checks.map((c) => c.name)).toEqual(['temporal', 'database', 'workers', 'llm', 'integrations']);
    expect(result.checks.find((c) => c.name === 'workers')?.status).toBe('ok'); // this worker is polling
    expect(result.status).toBe('ok');
    expect(await platform.appDeps.healthReports.latest()).toMatchObject({
      id: result.reportId,
      source: 'test',
      status: 'ok',
      workflowId: `probe-${platform.taskQueue}`,
    });
  });
});
