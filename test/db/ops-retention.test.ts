import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertDedupe, alertLog, opsReports } from '../../infra/db/schema';
import { daysAgo } from '../support/ledger-rows';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

describe('retention of routine outcomes and alert history', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform({ ALERT_DEDUPE_MINUTES: '60' });
  });
  afterAll(async () => p.close());

  it('storing a report drops reports of the same kind older than 30 days, keeps the rest', async () => {
    const db = p.database.db;
    await db.insert(opsReports).values([
      { kind: 'auto-operator', status: 'ok', summary: 'old', body: {}, createdAt: daysAgo(31) },
      { kind: 'auto-operator', status: 'ok', summary: 'recent', body: {}, createdAt: daysAgo(29) },
      { kind: 'ceo-brief', status: 'ok', summary: 'old brief', body: {}, createdAt: daysAgo(31) },
    ]);
    const env = new MockActivityEnvironment({ workflowExecution: { workflowId: 'retention-test', runId: 'r' } });
    await env.run(p.activities.storeOpsReport, { kind: 'auto-operator', status: 'ok', summary: 'new', body: {} });
    const left = (await db.select({ kind: opsReports.kind, summary: opsReports.summary }).from(opsReports))
      .map((r) => `${r.kind}:${r.summary}`)
      .sort();
    expect(left).toEqual(['auto-operator:new', 'auto-operator:recent', 'ceo-brief:old brief']);
  });

  it('sending an alert drops expired dedupe slots and alert history past 30 days', async () => {
    const db = p.database.db;
    await db.insert(alertDedupe).values([
      { key: 'expired', channel: 'email', sentAt: new Date(Date.now() - 2 * 3_600_000) },
      { key: 'live', channel: 'email', sentAt: new Date(Date.now() - 10 * 60_000) },
    ]);
    await db
      .insert(alertLog)
      .values({ key: 'ancient', severity: 'info', title: 'x', outcomes: [], createdAt: daysAgo(40) });
    await p.appDeps.ops.alerts.send({ key: 'k', severity: 'info', title: 't', text: '' });
    expect((await db.select({ key: alertDedupe.key }).from(alertDedupe)).map((r) => r.key)).toEqual(['live']);
    expect((await db.select({ key: alertLog.key }).from(alertLog)).map((r) => r.key)).toEqual(['k']);
  });
});
