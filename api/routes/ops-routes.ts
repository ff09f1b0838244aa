import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { WorkflowIdConflictPolicy, type Workflow } from '@temporalio/client';
import { ALERT_CHANNELS } from '../../domain/alerts';
import { P95_WINDOWS, type P95Window } from '../../infra/db/repositories/ledger-metrics';
import type { StoredOpsReport } from '../../infra/db/repositories/ops-reports';
import type { jobReplay } from '../../workflows/job-replay';
import type { selfHeal } from '../../workflows/self-heal';
import { AUDIT_ACTIONS, type AuditAction } from '../../domain/audit-actions';
import type { RouteContext } from '../app-deps';
import { notFound } from '../errors';
import { onlyMethods } from '../method-guard';
import { parseJsonBody, validate } from '../validation';
import { waitBriefly, waitSecondsSchema as waitSeconds } from '../workflow-wait';

export const selfHealBody = z
  .object({
    waitSeconds,
    lookbackHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 14)
      .optional(),
    limit: z.number().int().min(1).max(500).optional(),
  })
  .strict();
export const replayBody = z
  .object({
    waitSeconds,
    lookbackDays: z.number().int().min(1).max(90).optional(),
    limit: z.number().int().min(1).max(500).optional(),
  })
  .strict();
const REPORT_KINDS = [
  'auto-operator',
  'self-heal',
  'job-replay',
  'predictive-alerts',
  'supervisor-report',
  'executive-report',
  'ceo-brief',
  'daily-report',
] as const;
export const reportsQuery = z.object({
  kind: z.enum(REPORT_KINDS),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const alertsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
export const testAlertBody = z.object({ text: z.string().max(2000).optional() }).strict();

const showReport = (r: StoredOpsReport) => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  summary: r.summary,
  report: r.body,
  workflowId: r.workflowId,
  createdAt: r.createdAt.toISOString(),
});

/** Self-heal, job replay, the auto-operator's report, live system stats, p95 and alerts. */
export function opsRoutes(ctx: RouteContext): Hono {
  const app = new Hono();
  const { ops } = ctx;
  /**
   * Starts (or joins) an ops workflow under a fixed id and waits briefly for it: 200 with the outcome,
   * 202 while it is still running.
   */
  const runOps = async <W extends Workflow>(
    c: Context,
    workflowType: string,
    workflowId: string,
    input: Parameters<W>[0],
    waitFor: number,
    action: AuditAction,
  ) => {
    const handle = await ctx.temporal.workflow.start(workflowType, {
      taskQueue: ctx.config.temporal.taskQueue,
      workflowId,
      // A double click joins the run in progress instead of starting a second one.
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      workflowExecutionTimeout: '10 minutes',
      args: [input], // typed by W at the call site
    });
    await ctx.operatorAudit.record(c, { action, target: workflowId, details: { input } });
    const outcome = await waitBriefly(handle, waitFor);
    return c.json({ workflowId: handle.workflowId, ...outcome }, outcome.status === 'running' ? 202 : 200);
  };

  app.post('/api/self-heal', ctx.admin, async (c) => {
    const b = await parseJsonBody(c, selfHealBody);
    return runOps<typeof selfHeal>(
      c,
      'selfHeal',
      'self-heal-api',
      { lookbackHours: b.lookbackHours, limit: b.limit },
      b.waitSeconds,
      AUDIT_ACTIONS.selfHealRun,
    );
  });
  onlyMethods(app, '/api/self-heal', ['POST']);

  app.post('/jobs/replay', ctx.admin, async (c) => {
    const b = await parseJsonBody(c, replayBody);
    const lookbackHours = b.lookbackDays === undefined ? undefined : b.lookbackDays * 24;
    return runOps<typeof jobReplay>(
      c,
      'jobReplay',
      'job-replay-api',
      { lookbackHours, limit: b.limit },
      b.waitSeconds,
      AUDIT_ACTIONS.jobReplay,
    );
  });
  onlyMethods(app, '/jobs/replay', ['POST']);

  app.get('/ops-report', ctx.admin, async (c) => {
    const latest = await ops.opsReports.latest('auto-operator');
    if (!latest) throw notFound('Auto-operator report (none yet: POST /api/schedules/auto-operator/trigger runs one)');
    return c.json(showReport(latest));
  });
  onlyMethods(app, '/ops-report', ['GET']);

  app.get('/api/ops-reports', ctx.admin, async (c) => {
    const q = validate(reportsQuery, c.req.query(), 'query');
    return c.json({ kind: q.kind, items: (await ops.opsReports.recent(q.kind, q.limit)).map(showReport) });
  });
  onlyMethods(app, '/api/ops-reports', ['GET']);

  app.get('/api/live-ops', ctx.admin, async (c) => {
    const [system, rateGuard] = await Promise.all([ops.liveOps(), ctx.rateGuard.stats()]);
    return c.json({ checkedAt: new Date().toISOString(), ...system, rateGuard });
  });
  onlyMethods(app, '/api/live-ops', ['GET']);

  app.get('/p95', ctx.admin, async (c) => {
    const now = new Date();
    const entries = await Promise.all(
      (Object.entries(P95_WINDOWS) as [P95Window, number][]).map(
        async ([name, hours]) => [name, await ops.ledgerMetrics.latency(now, hours)] as const,
      ),
    );
    return c.json({
      generatedAt: now.toISOString(),
      basis:
        'processing latency (run start to completion) of tasks finished done or low_qa, per task type and in total (all); percentiles within 1% of exact (hourly latency histograms)',
      windows: Object.fromEntries(entries),
    });
  });
  onlyMethods(app, '/p95', ['GET']);

  app.get('/api/alerts', ctx.admin, async (c) => {
    const q = validate(alertsQuery, c.req.query(), 'query');
    const configured = ops.alerts.configured();
    const recent = await ops.alertStore.recent(q.limit);
    return c.json({
      channels: Object.fromEntries(
        ALERT_CHANNELS.map((ch) => [ch, configured.includes(ch) ? 'configured' : 'not_configured']),
      ),
      dedupeWindowMinutes: ctx.config.alerts.dedupeMinutes,
      recent: recent.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
    });
  });
  onlyMethods(app, '/api/alerts', ['GET']);

  // Sends a test alert to every configured channel at once (never deduplicated: keyed per request).
  app.post('/api/alerts/test', ctx.admin, async (c) => {
    const b = await parseJsonBody(c, testAlertBody);
    const result = await ops.alerts.send({
      key: `test:${randomUUID()}`,
      severity: 'info',
      title: 'Test alert',
      text: b.text ?? 'EchoPilot alert channels work.',
    });
    return c.json(result);
  });
  onlyMethods(app, '/api/alerts/test', ['POST']);

  return app;
}
