import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskWorkflowId } from '../../domain/task';
import type { AutoOperatorResult, autoOperator } from '../../workflows/auto-operator';
import { startSmtpFake, type SmtpFake } from '../fakes/smtp-fake';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram-fake';
import { bundleWithFakeTasks, startFakeTaskWorker, terminateRunning } from '../support/fake-task-worker';
import { hoursAgo, minutesAgo, seedFinished, seedJob } from '../support/ledger-seed';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

const TOKEN = '777:auto-operator-token';

describe('auto-operator (real dev server)', () => {
  let code: string;
  let tg: TelegramFake;
  let smtp: SmtpFake;
  beforeAll(async () => {
    [code, tg, smtp] = await Promise.all([bundleWithFakeTasks(), startTelegramFake(TOKEN), startSmtpFake()]);
  }, 180_000);
  afterAll(async () => Promise.all([tg.close(), smtp.close()]));

  const run = (p: TestPlatform, n: string) =>
    p.client.workflow.execute<typeof autoOperator>('autoOperator', { taskQueue: p.taskQueue, workflowId: `${n}-${p.taskQueue}` }) as Promise<AutoOperatorResult>;

  describe('with a task stuck retrying an activity', () => {
    let p: TestPlatform;
    let w: Awaited<ReturnType<typeof startFakeTaskWorker>>;
    const stuck = `stuck-${Date.now().toString(36)}`;
    const calm = `calm-${Date.now().toString(36)}`;
    const orphan = `orphan-${Date.now().toString(36)}`;
    beforeAll(async () => {
      p = await createTestPlatform({
        STUCK_ACTIVITY_ATTEMPTS: '3',
        STUCK_TASK_MINUTES: '30',
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_CHAT_ID: '99',
        TELEGRAM_API_BASE_URL: tg.baseUrl,
        SMTP_URL: smtp.url,
        ALERT_EMAIL_TO: 'ops@example.com',
      });
      w = await startFakeTaskWorker(p.taskQueue, p.activities, code);
      for (const t of [stuck, calm]) {
        await seedJob(p.database.db, { taskId: t, status: 'running', startedAt: new Date() });
        await p.client.workflow.start('processTask', { taskQueue: p.taskQueue, workflowId: taskWorkflowId(t), args: [{ taskId: t, run: 0 }] });
      }
      // The ledger says running, but no workflow runs it (lost before its start).
      await seedJob(p.database.db, { taskId: orphan, status: 'running', updatedAt: hoursAgo(2) });
      // Last hour: 3 of 6 failed.
      for (let i = 0; i < 6; i++) await seedFinished(p.database.db, { status: i % 2 ? 'failed' : 'done', completedAt: minutesAgo(5 + i), failureType: i % 2 ? 'timeout' : undefined });
    });
    afterAll(async () => {
      await terminateRunning(p.client, p.taskQueue);
      await w.stop();
      await p.close();
    });

    it('finds the stuck task through its pending activity attempts, stores the report and alerts once', async () => {
      await waitFor('the flaky activity to reach attempt 3', async () => {
        const d = await p.client.workflow.getHandle(taskWorkflowId(stuck)).describe();
        return (d.raw.pendingActivities?.[0]?.attempt ?? 0) >= 3 ? true : undefined;
      });

      const r = await run(p, 'auto-operator-1');
      expect(r.snapshot.running).toBe(2);
      expect(r.snapshot.stuck).toEqual([
        expect.objectContaining({
          taskId: stuck,
          workflowId: taskWorkflowId(stuck),
          reasons: ['activity_retrying'],
          worstActivity: expect.objectContaining({ activityType: 'fakeFlakyStep', attempt: expect.any(Number), lastFailure: expect.stringContaining('upstream keeps timing out') }),
        }),
      ]);
      expect(r.snapshot.stuck[0]!.worstActivity!.attempt).toBeGreaterThanOrEqual(3);
      expect(r.snapshot.orphaned).toEqual([expect.objectContaining({ taskId: orphan, status: 'running' })]);
      expect(r.snapshot.lastHour).toEqual({ completed: 6, failed: 3, failureRatePct: 50 });
      expect(r.status).toBe('critical');
      expect(r.problems.map((x) => x.key.split(':')[1])).toEqual(['stuck', 'orphaned', 'failure-rate']);

      const stored = await p.appDeps.ops.opsReports.latest('auto-operator');
      expect(stored).toMatchObject({ id: r.reportId, status: 'critical', summary: expect.stringContaining(`Stuck task ${stuck}`) });

      const about = (s: string) => ({ telegram: tg.messages.filter((m) => m.text.includes(s)).length, email: smtp.mails.filter((m) => m.subject.includes(s)).length });
      expect(about(`Stuck task ${stuck}`)).toEqual({ telegram: 1, email: 1 });
      expect(about('without a running workflow')).toEqual({ telegram: 1, email: 1 });
      expect(about('Failure rate 50%')).toEqual({ telegram: 1, email: 1 });

      // Five minutes later, the same problems: a new report, but the alerts are not repeated.
      const again = await run(p, 'auto-operator-2');
      expect(again.problems).toHaveLength(3);
      expect(again.reportId).toBeGreaterThan(r.reportId);
      expect(about(`Stuck task ${stuck}`)).toEqual({ telegram: 1, email: 1 });
      expect(about('Failure rate 50%')).toEqual({ telegram: 1, email: 1 });
    });
  });

  describe('with a task running past the threshold', () => {
    let p: TestPlatform;
    let w: Awaited<ReturnType<typeof startFakeTaskWorker>>;
    const slow = `slow-${Date.now().toString(36)}`;
    beforeAll(async () => {
      p = await createTestPlatform({ STUCK_TASK_MINUTES: String(1 / 60) }); // one second
      w = await startFakeTaskWorker(p.taskQueue, p.activities, code);
      await p.client.workflow.start('processTask', { taskQueue: p.taskQueue, workflowId: taskWorkflowId(slow), args: [{ taskId: slow, run: 0 }] });
    });
    afterAll(async () => {
      await terminateRunning(p.client, p.taskQueue);
      await w.stop();
      await p.close();
    });

    it('reports it as running too long; with nothing wrong the report is ok', async () => {
      const fresh = await run(p, 'auto-operator-fresh');
      expect(fresh.snapshot.stuck).toEqual([]);
      expect(fresh).toMatchObject({ status: 'ok', problems: [] });
      await sleep(1500);
      const r = await run(p, 'auto-operator-late');
      expect(r.snapshot.stuck).toEqual([expect.objectContaining({ taskId: slow, reasons: ['running_too_long'] })]);
      expect(r.status).toBe('warning');
    });
  });
});
