import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { AlertResult } from '../domain/alerts';
import { renderReport, type RenderedReport, type ReportKind } from '../domain/reports';
import { notify } from './notify';

const { collectReportData, storeOpsReport } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 3 },
});

export interface ScheduledReportInput {
  kind: ReportKind;
  /** Hours covered, ending now (default 24). */
  periodHours?: number;
}

export type ScheduledReportResult = RenderedReport & { reportId: number; delivery?: AlertResult };

/**
 * The original EchoPilot runbook's daily reports (supervisor 06:45, executive 06:55, CEO brief SCHED_BRIEF_UTC, daily report
 * SCHED_REPORT_UTC): computed from the ledger, stored, and sent through the alert channels.
 */
export async function scheduledReport(input: ScheduledReportInput): Promise<ScheduledReportResult> {
  const data = await collectReportData({ periodHours: input.periodHours ?? 24 });
  const report = renderReport(input.kind, data);
  const reportId = await storeOpsReport({
    kind: input.kind,
    status: report.status,
    summary: report.title,
    body: { ...report, data },
  });
  const { workflowId, runId } = workflowInfo();
  // Keyed per run: an activity retry never sends twice, a later run (or a manual trigger) sends again.
  const delivery = await notify({
    key: `report:${input.kind}:${workflowId}:${runId}`,
    severity: report.status === 'ok' ? 'info' : report.status,
    title: report.title,
    text: report.text,
  });
  return { ...report, reportId, delivery };
}
