import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskWorkflowId } from '../../domain/task';
import type { autoOperator } from '../../workflows/auto-operator';
import { routeGenerate } from '../fakes/openai-fake';
import { startSmtpFake, type SmtpFake } from '../fakes/smtp-fake';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram-fake';
import { hoursAgo, minutesAgo, insertFinished, insertTaskRow } from '../support/ledger-rows';
import { startPipeline, type PipelineHarness } from '../support/pipeline-harness';
import type { TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';
import { terminateRunning } from '../support/workflow-runs';

const TOKEN = '777:auto-operator-token';

describe('auto-operator (real dev server, real processTask runs)', () => {
  let tg: TelegramFake;
  let smtp: SmtpFake;
  beforeAll(async () => {
    [tg, smtp] = await Promise.all([startTelegramFake(TOKEN), startSmtpFake()]);
  });
  afterAll(async () => Promise.all([tg.close(), smtp.close()]));

  const run = (p: TestPlatform, n: string) =>
    p.client.workflow.execute<typeof autoOperator>('autoOperator', {
      taskQueue: p.taskQueue,
      workflowId: `${n}-${p.taskQueue}`,
    });

  describe('with a task stuck retrying an activity', () => {
    let h: PipelineHarness;
    let stuck: string, calm: string;
    const orphan = `orphan-${Date.now().toString(36)}`;
    beforeAll(async () => {
      h = await startPipeline({
        STUCK_ACTIVITY_ATTEMPTS: '3',
        STUCK_TASK_MINUTES: '30',
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_CHAT_ID: '99',
        TELEGRAM_API_BASE_URL: tg.baseUrl,
        SMTP_URL: smtp.url,
        ALERT_EMAIL_TO: 'ops@example.com',
      });
      // The provider answers 500 to one task forever (its generate activity retries again and again)
      // and holds the other task's call open (a healthy task mid-generation).
      const route = routeGenerate(h.llm);
      route.always.set('STUCK', () => ({ status: 500, message: 'upstream keeps timing out', type: 'server_error' }));
      route.always.set('CALM', () => ({ hang: true }));
      stuck = (await h.submit({ title: 'Stuck report', prompt: 'STUCK: write the weekly report' })).taskId;
      calm = (await h.submit({ title: 'Calm report', prompt: 'CALM: write the monthly report' })).taskId;
      // The ledger says running, but no workflow runs it (lost before its start).
      await insertTaskRow(h.p.database.db, { taskId: orphan, status: 'running', updatedAt: hoursAgo(2) });
      // Last hour: 3 of 6 failed.
      for (let i = 0; i < 6; i++)
        await insertFinished(h.p.database.db, {
          status: i % 2 ? 'failed' : 'done',
          completedAt: minutesAgo(5 + i),
          failureType: i % 2 ? 'timeout' : undefined,
        });
    });
    afterAll(async () => {
      await terminateRunning(h.p.client, h.p.taskQueue);
      await h.close();
    });

    it('finds the stuck task through its pending activity attempts, stores the report and alerts once', async () => {
      const p = h.p;
      await waitFor('the generate activity of the stuck task to reach attempt 3', async () => {
        const d = await h.handle(stuck).describe();
        return (d.raw.pendingActivities?.[0]?.attempt ?? 0) >= 3;
      });
      expect((await h.getTask(calm)).status).toBe('running');

      const r = await run(p, 'auto-operator-1');
      expect(r.snapshot.running).toBe(2);
      expect(r.snapshot.stuck).toEqual([
        expect.objectContaining({
          taskId: stuck,
          workflowId: taskWorkflowId(stuck),
          reasons: ['activity_retrying'],
          worstActivity: expect.objectContaining({
            activityType: 'generateAnswer',
            attempt: expect.any(Number),
            lastFailure: expect.stringContaining('500 upstream keeps timing out'),
          }),
        }),
      ]);
      expect(r.snapshot.stuck[0]!.worstActivity!.attempt).toBeGreaterThanOrEqual(3);
      expect(r.snapshot.orphaned).toEqual([expect.objectContaining({ taskId: orphan, status: 'running' })]);
      expect(r.snapshot.lastHour).toEqual({ completed: 6, failed: 3, failureRatePct: 50 });
      expect(r.status).toBe('critical');
      expect(r.problems.map((x) => x.key.split(':')[1])).toEqual(['stuck', 'orphaned', 'failure-rate']);
      expect(r.problems[0]!.text).toContain('Activity generateAnswer is on attempt');

      const stored = await p.appDeps.ops.opsReports.latest('auto-operator');
      expect(stored).toMatchObject({
        id: r.reportId,
        status: 'critical',
        summary: expect.stringContaining(`Stuck task ${stuck}`),
      });

      const about = (s: string) => ({
        telegram: tg.messages.filter((m) => m.text.includes(s)).length,
        email: smtp.mails.filter((m) => m.subject.includes(s)).length,
      });
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
    let h: PipelineHarness;
    const THRESHOLD_SECONDS = 10;
    beforeAll(async () => {
      h = await startPipeline({ STUCK_TASK_MINUTES: String(THRESHOLD_SECONDS / 60) });
      h.llm.generate.push({ hang: true }); // mid-generation for as long as the test needs
    });
    afterAll(async () => {
      await terminateRunning(h.p.client, h.p.taskQueue);
      await h.close();
    });

    it('reports it as running too long; with nothing wrong the report is ok', async () => {
      const inFlight = h.llm.nextCall('generate');
      const started = Date.now();
      const { taskId } = await h.submit({ title: 'Slow one', prompt: 'Take your time.' });
      await inFlight;
      const fresh = await run(h.p, 'auto-operator-fresh');
      expect(Date.now() - started).toBeLessThan(THRESHOLD_SECONDS * 1000); // else the "fresh" look came too late to mean anything
      expect(fresh.snapshot.running).toBe(1);
      expect(fresh.snapshot.stuck).toEqual([]);
      expect(fresh).toMatchObject({ status: 'ok', problems: [] });
      await sleep(THRESHOLD_SECONDS * 1000 - (Date.now() - started) + 500);
      const r = await run(h.p, 'auto-operator-late');
      expect(r.snapshot.stuck).toEqual([expect.objectContaining({ taskId, reasons: ['running_too_long'] })]);
      expect(r.status).toBe('warning');
    });
  });
});
