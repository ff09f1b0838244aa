import type { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFailures, ipBans } from '../../infra/db/schema';
import { scheduleDefinitions } from '../../schedules/definitions';
import type { securityPrune } from '../../workflows/security';
import { createTestWorker } from '../support/temporal';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);

describe('pruning auth_failures and ip_bans on a schedule', () => {
  let p: TestPlatform;
  let worker: Worker;
  let connection: NativeConnection;
  let running: Promise<void>;
  beforeAll(async () => {
    p = await createTestPlatform();
    ({ worker, connection } = await createTestWorker(p.taskQueue, p.activities));
    running = worker.run();
  });
  afterAll(async () => {
    worker.shutdown();
    await running;
    await connection.close();
    await p.close();
  });

  it('#14 the platform defines a daily security-prune schedule running securityPrune', () => {
    const def = scheduleDefinitions(p.config).find((d) => d.id === 'security-prune');
    expect(def).toMatchObject({ workflowType: 'securityPrune', args: [] });
    expect(def!.spec.calendars).toHaveLength(1);
  });

  it('#14 the schedule run drops strikes and bans that ended over a day ago, keeps the rest', async () => {
    const db = p.database.db;
    await db.insert(authFailures).values([
      { ip: '192.0.2.140', at: hoursAgo(30) },
      { ip: '192.0.2.141', at: hoursAgo(1) },
    ]);
    await db.insert(ipBans).values([
      { ip: '192.0.2.150', bannedUntil: hoursAgo(48), strikes: 3 },
      { ip: '192.0.2.151', bannedUntil: hoursAgo(2), strikes: 3 }, // ended recently: still shown by stats history
      { ip: '192.0.2.152', bannedUntil: new Date(Date.now() + 600_000), strikes: 3 },
    ]);
    const def = scheduleDefinitions(p.config).find((d) => d.id === 'security-prune')!;
    const removed = await p.client.workflow.execute<typeof securityPrune>(def.workflowType, {
      workflowId: `security-prune-test-${p.taskQueue}`,
      taskQueue: p.taskQueue,
      args: [],
      workflowExecutionTimeout: '1 minute',
    });
    expect(removed).toEqual({ authFailures: 1, ipBans: 1 });
    expect((await db.select({ ip: authFailures.ip }).from(authFailures)).map((r) => r.ip)).toEqual(['192.0.2.141']);
    expect((await db.select({ ip: ipBans.ip }).from(ipBans)).map((r) => r.ip).sort()).toEqual([
      '192.0.2.151',
      '192.0.2.152',
    ]);
  });
});
