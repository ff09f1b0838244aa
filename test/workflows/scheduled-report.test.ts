import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDF_REPORT_KINDS } from '../../domain/reports';
import type { scheduledReport } from '../../workflows/scheduled-report';
import { startSmtpFake, type SmtpFake } from '../fakes/smtp-fake';
import { hoursAgo, insertCost, insertFinished } from '../support/ledger-rows';
import { createTestWorker } from '../support/temporal';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

/** The four daily reports (the weekly one has its own test in test/reports/). */
const REPORT_KINDS = ['supervisor-report', 'executive-report', 'ceo-brief', 'daily-report'] as const;

describe('scheduledReport workflow: supervisor, executive, CEO brief, daily report (real dev server)', () => {
  let p: TestPlatform;
  let smtp: SmtpFake;
  beforeAll(async () => {
    smtp = await startSmtpFake();
    p = await createTestPlatform({ SMTP_URL: smtp.url, ALERT_EMAIL_TO: 'ceo@example.com' });
    const db = p.database.db;
    const rows = [
      { status: 'done', qaScore: 90, clientId: 'acme', cost: 30_000 },
      { status: 'done', qaScore: 86, clientId: 'acme', cost: 20_000 },
      { status: 'done', qaScore: 84, clientId: 'globex', cost: 10_000 },
      { status: 'low_qa', qaScore: 60, clientId: 'globex', cost: 40_000 },
      { status: 'failed', failureType: 'timeout', cost: 5_000 },
      { status: 'failed', failureType: 'llm_rejected', cost: 0 },
    ] as const;
    for (const [i, r] of rows.entries()) {
      const job = await insertFinished(db, {
        ...r,
        completedAt: hoursAgo(2 + i),
        latencyMs: 1000 * (i + 1),
        costMicroUsd: r.cost,
        type: 'text',
      });
      if (r.cost) await insertCost(db, job.taskId, hoursAgo(2 + i), r.cost, i % 2 ? 'gpt-4o-mini' : 'gpt-4o');
    }
    // The day before: 2 tasks, $0.05.
    for (let i = 0; i < 2; i++) {
      const job = await insertFinished(db, {
        status: 'done',
        qaScore: 95,
        completedAt: hoursAgo(30),
        costMicroUsd: 25_000,
      });
      await insertCost(db, job.taskId, hoursAgo(30), 25_000);
    }
  });
  afterAll(async () => {
    await p.close();
    await smtp.close();
  });

  it('computes each report from the ledger, stores it and emails it', async () => {
    const { worker, connection } = await createTestWorker(p.taskQueue, p.activities);
    const results = await worker.runUntil(
      Promise.all(
        REPORT_KINDS.map((kind) =>
          p.client.workflow.execute<typeof scheduledReport>('scheduledReport', {
            taskQueue: p.taskQueue,
            workflowId: `${kind}-${p.taskQueue}`,
            args: [{ kind }],
          }),
        ),
      ),
    );
    await connection.close();
    const by = Object.fromEntries(results.map((r) => [r.kind, r]));

    for (const r of results) {
      expect(r.headline).toEqual({ finished: 6, succeeded: 4, successRatePct: 66.7, qaAvg: 80, costMicroUsd: 105_000 });
      expect(r.text).toContain('Tasks finished: 6 (+200% vs previous day) — done 3, low QA 1, failed 2');
      expect(r.text).toContain('LLM cost: $0.105000 (+110% vs previous day) (target $1.000000/day)');
      // The PDF kinds were emailed with their PDF; the alert then goes to the other channels only.
      expect(r.delivery?.outcomes).toEqual(
        PDF_REPORT_KINDS.includes(r.kind)
          ? [
              { channel: 'telegram', status: 'skipped' },
              { channel: 'webhook', status: 'skipped' },
            ]
          : [
              { channel: 'telegram', status: 'skipped' },
              { channel: 'email', status: 'sent' },
              { channel: 'webhook', status: 'skipped' },
            ],
      );
      expect(await p.appDeps.ops.opsReports.latest(r.kind)).toMatchObject({ id: r.reportId, summary: r.title });
    }
    expect(by['supervisor-report']!.text).toContain('Failures by type: llm_rejected 1, timeout 1');
    expect(by['executive-report']!.text).toMatch(/acme: 2 tasks, \$0\.050000[\s\S]*globex: 2 tasks, \$0\.050000/);
    expect(by['executive-report']!.text).toContain('Cost per finished task: $0.017500');
    expect(by['daily-report']!.text).toContain('gpt-4o: $0.045000 · 300 in / 600 out tokens · 3 calls');
    expect(by['daily-report']!.text).toContain('gpt-4o-mini: $0.060000 · 200 in / 400 out tokens · 2 calls');
    // p50/p95/p99 from the hourly latency histogram, within 1% of the exact 2.5 / 3.85 / 3.97 s.
    expect(by['daily-report']!.text).toContain('text: 2.5 s / 3.8 s / 4.0 s over 4 tasks');
    expect(by['ceo-brief']!.text).toContain('Health: unknown');
    // QA average 80 is at the threshold, not under it; 2 of 6 failed = 33% → warning.
    expect(by['ceo-brief']!.status).toBe('warning');

    const subjects = smtp.mails.map((m) => m.subject).sort();
    const day = new Date().toISOString().slice(0, 10);
    expect(subjects).toEqual(
      [
        `CEO brief ${day} (warning)`,
        `Daily report ${day} (warning)`,
        `Executive report ${day} (warning)`,
        `Supervisor report ${day} (warning)`,
      ].map((s) => `[EchoPilot warning] ${s}`),
    );
    expect(smtp.mails.every((m) => m.to.join() === 'ceo@example.com')).toBe(true);
  });
});
