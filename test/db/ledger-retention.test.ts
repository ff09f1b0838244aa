import { MockActivityEnvironment } from '@temporalio/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFinanceMetrics } from '../../infra/db/repositories/finance-metrics';
import { sqlRows } from '../../infra/db/repositories/sql-rows';
import { jobAttempts, jobs } from '../../infra/db/schema';
import { daysAgo } from '../support/ledger-rows';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

describe('ledger retention routine', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform({ TASK_RETENTION_DAYS: '60', ATTEMPT_RETENTION_DAYS: '30' });
  });
  afterAll(async () => p.close());

  it('archives finished tasks past TASK_RETENTION_DAYS and attempt rows past ATTEMPT_RETENTION_DAYS; finance totals still count them', async () => {
    const db = p.database.db;
    const finance = createFinanceMetrics(db);
    const row = (taskId: string, status: string, age: number | null, created = 90) => ({
      taskId,
      workflowId: `task-${taskId}`,
      source: 'api',
      title: 'T',
      prompt: 'P',
      clientId: 'c-ret',
      status,
      costMicroUsd: 1000,
      createdAt: daysAgo(created),
      completedAt: age === null ? null : daysAgo(age),
    });
    await db
      .insert(jobs)
      .values([
        row('ret-old-done', 'done', 70),
        row('ret-old-failed', 'failed', 61),
        row('ret-old-running', 'running', null),
        row('ret-mid', 'done', 45, 45),
        row('ret-new', 'done', 1, 1),
      ]);
    const attempt = (taskId: string, age: number) => ({
      taskId,
      run: 0,
      attempt: 1,
      step: 'generate',
      model: 'm',
      createdAt: daysAgo(age),
    });
    await db
      .insert(jobAttempts)
      .values([attempt('ret-mid', 45), attempt('ret-new', 1), attempt('ret-old-running', 80)]);
    const from = new Date(Math.floor(daysAgo(100).getTime() / 86_400_000) * 86_400_000);
    const to = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 + 86_400_000);
    const before = (await finance.perClient(from, to, 'usd')).find((r) => r.key === 'c-ret');

    const env = new MockActivityEnvironment({ workflowExecution: { workflowId: 'ledger-retention-test', runId: 'r' } });
    expect(await env.run(p.activities.applyLedgerRetention)).toEqual({
      tasksArchived: 2,
      attemptsPruned: 1,
      slotRowsPruned: expect.any(Number),
      taskRetentionDays: 60,
      attemptRetentionDays: 30,
    });

    const left = await db
      .select({ id: jobs.taskId })
      .from(jobs)
      .where(sql`client_id = 'c-ret'`);
    expect(left.map((r) => r.id).sort()).toEqual(['ret-mid', 'ret-new', 'ret-old-running']); // in flight is never archived
    const attempts = await db
      .select({ id: jobAttempts.taskId })
      .from(jobAttempts)
      .where(sql`task_id like 'ret-%'`);
    expect(attempts.map((r) => r.id).sort()).toEqual(['ret-new', 'ret-old-running']); // an unfinished task keeps its steps
    expect((await finance.perClient(from, to, 'usd')).find((r) => r.key === 'c-ret')).toEqual(before);
    expect(before?.llmCostMicroUsd).toBe(5000);
    // The 5-minute rollups keep nothing before the marks (windows read whole hours there); the hourly ones keep all.
    const [slotsBefore] = await sqlRows(
      db,
      sql`select (select count(*) from job_outcome_5min where slot < daysAgo.t)::int as outcome,
                 (select count(*) from job_intake_5min where slot < daysAgo.t)::int as intake,
                 (select count(*) from attempt_cost_5min where slot < now() - interval '30 days')::int as attempts,
                 (select count(*) from job_outcome_hourly where "hour" < daysAgo.t and tasks <> 0)::int as hourly
          from (select now() - interval '60 days' as t) daysAgo`,
    );
    expect(slotsBefore).toEqual({ outcome: 0, intake: 0, attempts: 0, hourly: 2 });
    // A second run finds nothing more to do.
    expect(await env.run(p.activities.applyLedgerRetention)).toMatchObject({
      tasksArchived: 0,
      attemptsPruned: 0,
      slotRowsPruned: 0,
    });
  });
});
