import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashKeyActor } from '../../api/operator-audit';
import { listen, type RunningServer } from '../../api/server';
import type { WeeklyAuditSummary } from '../../domain/audit';
import type { AuditReport } from '../../infra/audit/audit-report';
import { SCHEDULE_OWNER_MEMO, fullScheduleId } from '../../schedules/schedule-definition';
import { startWebhookFake, type WebhookFake } from '../fakes/webhook-fake';
import { runCli } from '../support/run-cli';
import { createTestWorker } from '../support/temporal';
import { adminHeaders, TEST_DASH_KEY } from '../support/test-config';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

const admin = adminHeaders('10.38.0.1');
/** Each CLI run is a fresh Node process (several seconds on a loaded machine). */
const SLOW = 300_000;

describe('audit log through the API, the CLI and the weekly-audit workflow', () => {
  let p: TestPlatform;
  let hook: WebhookFake;
  let server: RunningServer;
  let dataDir: string;
  const scheduleId = `audit-test-${randomUUID().slice(0, 8)}`;
  beforeAll(async () => {
    hook = await startWebhookFake();
    dataDir = mkdtempSync(path.join(tmpdir(), 'audit-api-'));
    p = await createTestPlatform({ ALERT_WEBHOOK_URL: hook.url, DATA_DIR: dataDir });
    await p.client.schedule.create({
      scheduleId: fullScheduleId(scheduleId),
      spec: { intervals: [{ every: '1 day' }] },
      action: { type: 'startWorkflow', workflowType: 'healthProbe', args: [{ source: 'x' }], taskQueue: p.taskQueue },
      memo: SCHEDULE_OWNER_MEMO,
    });
    server = await listen(p.app, 0, '127.0.0.1');
  });
  afterAll(async () => {
    await server.close();
    await p.client.schedule
      .getHandle(fullScheduleId(scheduleId))
      .delete()
      .catch(() => undefined);
    await p.close();
    await hook.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const report = async (query = '') => {
    const res = await p.app.request(`/api/audit/report${query}`, { headers: admin });
    expect(res.status).toBe(200);
    return (await res.json()) as AuditReport;
  };
  const cliEnv = () => ({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DASHBOARD_KEY: TEST_DASH_KEY,
    ECHOPILOT_API_URL: server.url,
    DATA_DIR: dataDir,
  });

  it('a schedule pause through the API lands in the log with the key fingerprint as actor and the request id', async () => {
    const res = await p.app.request(`/api/schedules/${scheduleId}/pause`, {
      method: 'POST',
      headers: { ...admin, 'X-Request-Id': 'req-audit-pause-1' },
      body: JSON.stringify({ note: 'maintenance' }),
    });
    expect(res.status).toBe(200);
    const [entry] = await p.appDeps.payments.audit.bySubject(scheduleId);
    expect(entry).toMatchObject({
      actor: dashKeyActor(TEST_DASH_KEY),
      action: 'schedule.pause',
      subject: scheduleId,
      requestId: 'req-audit-pause-1',
      details: { note: 'maintenance' },
      hashVersion: 2,
    });
    expect(entry!.actor).toMatch(/^key:[0-9a-f]{12}$/);
    expect(JSON.stringify(entry)).not.toContain(TEST_DASH_KEY);
    // The canonical JSON the hash covers is RFC 8785: sorted keys, no whitespace.
    expect(entry!.canonical).toMatch(/^\{"action":"schedule\.pause","actor":"key:[0-9a-f]{12}","at":"/);
  });

  it('a failed action (unknown schedule) adds nothing; a rate-guard clear is logged without the address', async () => {
    const before = (await report()).chain.entries;
    const missing = await p.app.request('/api/schedules/no-such-schedule/pause', {
      method: 'POST',
      headers: admin,
      body: '{}',
    });
    expect(missing.status).toBe(404);
    const clear = await p.app.request('/api/rate-guard/bans/203.0.113.9', { method: 'DELETE', headers: admin });
    expect(clear.status).toBe(200);
    const r = await report();
    expect(r.chain.entries).toBe(before + 1);
    expect(r.entries.byAction).toMatchObject({ 'schedule.pause': 1, 'rate-guard.clear': 1 });
    expect(r.entries.byActor).toEqual({ [dashKeyActor(TEST_DASH_KEY)]: 2 });
    const rows = await p.database.db.execute(sql.raw("select * from audit_log where action = 'rate-guard.clear'"));
    expect(JSON.stringify(rows)).not.toContain('203.0.113.9');
  });

  it('GET /api/audit/report refuses a bad period with a 400 naming the field', async () => {
    const bad = await p.app.request('/api/audit/report?from=yesterday', { headers: admin });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('from');
    const reversed = await p.app.request('/api/audit/report?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', {
      headers: admin,
    });
    expect(reversed.status).toBe(400);
    expect(((await reversed.json()) as { error: { message: string } }).error.message).toContain(
      'from: from must be before to',
    );
    const unauth = await p.app.request('/api/audit/report', { headers: { 'X-Forwarded-For': '10.38.0.2' } });
    expect(unauth.status).toBe(401);
  });

  it(
    'the weekly-audit workflow writes JSON and PDF, signs a checkpoint; `audit verify` reports valid (exit 0)',
    async () => {
      const { worker } = await createTestWorker(p.taskQueue, p.activities);
      const s = (await worker.runUntil(
        p.client.workflow.execute('weeklyAudit', {
          taskQueue: p.taskQueue,
          workflowId: `weekly-audit-${randomUUID()}`,
        }),
      )) as WeeklyAuditSummary;
      expect(s).toMatchObject({ status: 'ok', signed: true, firstBreak: null });
      const json = s.reportFiles.find((f) => f.startsWith(p.config.audit.dir) && f.endsWith('.json'))!;
      const pdf = s.reportFiles.find((f) => f.startsWith(p.config.audit.dir) && f.endsWith('.pdf'))!;
      expect((JSON.parse(readFileSync(json, 'utf8')) as AuditReport).chain.status).toBe('valid');
      expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
      // The replica folder (RAILWAY_FALLBACK_PATH) holds the same checkpoint.
      expect(s.files.some((f) => f.startsWith(p.config.audit.replicaDir))).toBe(true);
      expect(existsSync(path.join(p.config.audit.dir, 'audit-signing-key.pub.pem'))).toBe(true);
      expect(hook.posts).toHaveLength(0);

      const run = await runCli(['audit', 'verify', '--json'], cliEnv());
      expect(run.code, run.stderr).toBe(0);
      const r = JSON.parse(run.stdout) as AuditReport;
      expect(r.status).toBe('ok');
      expect(r.checkpoints.last).toMatchObject({ seq: s.seq, signatureValid: true, matchesChain: true });
    },
    SLOW,
  );

  it(
    'after rows are edited behind the trigger, weekly-audit alerts and `audit verify` exits 1 naming the break',
    async () => {
      await p.database.db.execute(sql.raw('ALTER TABLE audit_log DISABLE TRIGGER USER'));
      await p.database.db.execute(sql.raw(`UPDATE audit_log SET actor = 'someone-else' WHERE id = 1`));
      await p.database.db.execute(sql.raw('ALTER TABLE audit_log ENABLE TRIGGER USER'));
      const { worker } = await createTestWorker(p.taskQueue, p.activities);
      const s = (await worker.runUntil(
        p.client.workflow.execute('weeklyAudit', {
          taskQueue: p.taskQueue,
          workflowId: `weekly-audit-${randomUUID()}`,
        }),
      )) as WeeklyAuditSummary;
      expect(s).toMatchObject({ status: 'broken', signed: false, firstBreak: { seq: 1, problem: 'edited' } });
      expect(hook.posts).toHaveLength(1);
      expect(hook.posts[0]!.text).toContain('first break at entry #1 (edited)');

      const run = await runCli(['audit', 'verify'], cliEnv());
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('#1 edited');
    },
    SLOW,
  );
});
