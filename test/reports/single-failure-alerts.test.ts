import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookFake, type WebhookFake } from '../fakes/webhook-fake';
import { insertTaskRow } from '../support/ledger-rows';
import { insertReportLedger } from '../support/report-ledger';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

describe('alerts on single failures, sent once per subject by the activity that records the state', () => {
  let p: TestPlatform;
  let hook: WebhookFake;
  beforeAll(async () => {
    hook = await startWebhookFake();
    p = await createTestPlatform({ ALERT_WEBHOOK_URL: hook.url, ALERT_DEDUPE_MINUTES: '60' });
    await insertReportLedger(p.database.db);
  });
  afterAll(async () => {
    await p.close();
    await hook.close();
  });
  const alertsAbout = (s: string) => hook.posts.filter((m) => m.text.includes(s));

  it('a task failing for a non-transient reason alerts once, with a link to its run; a transient one does not', async () => {
    const hard = await insertTaskRow(p.database.db, { status: 'running', startedAt: new Date() });
    const soft = await insertTaskRow(p.database.db, { status: 'running', startedAt: new Date() });
    const fail = (taskId: string, failureType: 'llm_rejected' | 'timeout') =>
      p.activities.finishTask({
        taskId,
        run: 0,
        outcome: { status: 'failed', failureType, reason: 'no', attempts: 2 },
      });
    await fail(hard.taskId, 'llm_rejected');
    await fail(hard.taskId, 'llm_rejected'); // the activity retried: the ledger changes nothing, no second alert
    await fail(soft.taskId, 'timeout');
    const sent = alertsAbout(`Task ${hard.taskId} failed (llm_rejected)`);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain(
      `Run: ${p.config.temporal.uiPublicUrl}/namespaces/${encodeURIComponent(p.config.temporal.namespace)}/workflows/${encodeURIComponent(hard.workflowId)}`,
    );
    expect(alertsAbout(soft.taskId)).toEqual([]);
  });

  it('a failed health probe alerts once per set of failing checks', async () => {
    const report = {
      source: 'heartbeat',
      status: 'down' as const,
      checks: [
        { name: 'database' as const, status: 'fail' as const, latencyMs: 5, detail: 'connection refused' },
        { name: 'llm' as const, status: 'ok' as const, latencyMs: 5, detail: 'ok' },
      ],
    };
    await p.activities.recordHealthReport(report);
    await p.activities.recordHealthReport(report);
    const sent = alertsAbout('Health probe failed: database');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain('database: connection refused');
    await p.activities.recordHealthReport({ ...report, status: 'ok', checks: [report.checks[1]!] });
    expect(alertsAbout('Health probe failed')).toHaveLength(1);
  });

  it('a failed payment alerts once per invoice', async () => {
    await p.activities.markInvoiceFailed('inv_b1', 'card_declined');
    await p.activities.markInvoiceFailed('inv_b1', 'card_declined');
    const sent = alertsAbout('Payment failed for invoice inv_b1');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain('card_declined');
  });

  it('a refund the provider reports failed alerts once', async () => {
    const input = {
      paymentId: 'pay_a1',
      requestKey: 'rk-failed-1',
      amountCents: 500,
      reason: 'requested_by_customer',
      providerRefundId: 're_failed_1',
      status: 'failed',
    };
    const first = await p.activities.recordRefund(input);
    await p.activities.recordRefund(input); // same request key: the same refund, no second alert
    expect(alertsAbout('failed at the provider')).toHaveLength(1);
    expect(alertsAbout('failed at the provider')[0]!.text).toContain(first.refundId);
    const ok = await p.activities.recordRefund({
      ...input,
      requestKey: 'rk-ok',
      providerRefundId: 're_ok',
      status: 'succeeded',
    });
    expect(alertsAbout(ok.refundId)).toEqual([]);
  });
});
