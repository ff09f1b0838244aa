import type { Context } from 'hono';
import { WorkflowIdConflictPolicy } from '@temporalio/client';
import type { ReportKind } from '../domain/reports';
import type { StoredOpsReport } from '../infra/db/repositories/ops-reports';
import { renderReportPdf } from '../infra/pdf/report-pdf';
import { storedReportPdfInput } from '../infra/reports/stored-report';
import type { ScheduledReportInput, ScheduledReportResult } from '../workflows/scheduled-report';
import type { AppEnv } from './app-env';
import type { RouteContext } from './app-deps';
import { ApiError } from './errors';
import { showReport } from './ops-report-view';
import { waitBriefly } from './workflow-wait';

/**
 * Computes a report now through the scheduledReport workflow (stored, not sent: `deliver: false`) under a
 * fixed id, so a double click joins the run in progress; waits up to `waitSeconds` for its stored id.
 */
export async function generateReport(
  ctx: RouteContext,
  kind: ReportKind,
  waitSeconds: number,
): Promise<{ reportId: number } | { workflowId: string; status: 'running' }> {
  const input: ScheduledReportInput = { kind, periodHours: 24, deliver: false };
  const handle = await ctx.temporal.workflow.start('scheduledReport', {
    taskQueue: ctx.config.temporal.taskQueue,
    workflowId: `${kind}-on-demand`,
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowExecutionTimeout: '10 minutes',
    args: [input],
  });
  const outcome = await waitBriefly<(i: ScheduledReportInput) => Promise<ScheduledReportResult>>(handle, waitSeconds);
  if (outcome.status === 'completed') return { reportId: outcome.result.reportId };
  if (outcome.status === 'failed') throw new ApiError(502, 'report_failed', `the ${kind} run failed: ${outcome.error}`);
  return { workflowId: handle.workflowId, status: 'running' };
}

/** A stored report as JSON, or its PDF (`format=pdf`). */
export async function answerReport(c: Context<AppEnv>, r: StoredOpsReport, format: 'json' | 'pdf') {
  if (format === 'json') return c.json(showReport(r));
  const input = storedReportPdfInput(r);
  // Reports stored before the facts layer existed carry no facts to chart.
  if (!input) throw new ApiError(409, 'no_facts', `report ${r.id} was stored without facts; generate a new one`);
  const pdf = await renderReportPdf(input);
  return c.body(new Uint8Array(pdf), 200, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `inline; filename="${r.kind}-${r.createdAt.toISOString().slice(0, 10)}.pdf"`,
  });
}
