import { patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { AlertResult } from '../domain/alerts';
import { withNarrative, type BriefNarrative } from '../domain/brief-narrative';
import { PDF_REPORT_KINDS, renderReport, type RenderedReport, type ReportKind } from '../domain/reports';
import { notify } from './notify';

const { collectReportData, storeOpsReport } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 3 },
});
const { writeBriefNarrative, emailReport } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumAttempts: 3 },
});

export interface ScheduledReportInput {
  kind: ReportKind;
  /** Hours covered, ending now (default 24). */
  periodHours?: number;
  /** false: computed and stored only (an operator's on-demand brief or report), nothing sent. */
  deliver?: boolean;
}

export type ScheduledReportResult = RenderedReport & {
  reportId: number;
  delivery?: AlertResult;
  narrative?: BriefNarrative | null;
  mailed?: 'sent' | 'skipped';
};

/**
 * The original EchoPilot runbook's daily reports (supervisor 06:45, executive 06:55, CEO brief SCHED_BRIEF_UTC, daily report
 * SCHED_REPORT_UTC) and the weekly report (Monday): computed from the ledger, stored, and sent through the alert channels.
 * The executive report, CEO brief and weekly report also go out as one email with a PDF of charts (behind the
 * `report-pdf-mail` patch, so runs started before it replay unchanged); the CEO brief gets a narrative by QA_MODEL.
 */
export async function scheduledReport(input: ScheduledReportInput): Promise<ScheduledReportResult> {
  const data = await collectReportData({ periodHours: input.periodHours ?? 24 });
  let report = renderReport(input.kind, data);
  const withPdf = PDF_REPORT_KINDS.includes(input.kind) && patched('report-pdf-mail');
  let narrative: BriefNarrative | null | undefined;
  if (withPdf && input.kind === 'ceo-brief' && data.facts) {
    narrative = await writeBriefNarrative({ facts: data.facts });
    report = { ...report, text: withNarrative(report.text, narrative) };
  }
  const reportId = await storeOpsReport({
    kind: input.kind,
    status: report.status,
    summary: report.title,
    body: { ...report, data, ...(narrative !== undefined && { narrative }) },
  });
  if (input.deliver === false) return { ...report, reportId, narrative };
  // The PDF mail carries the text too: the alert then skips email so nobody gets the report twice.
  const mailed = withPdf ? await emailReport({ reportId }) : undefined;
  const { workflowId, runId } = workflowInfo();
  // Keyed per run: an activity retry never sends twice, a later run (or a manual trigger) sends again.
  const delivery = await notify({
    key: `report:${input.kind}:${workflowId}:${runId}`,
    severity: report.status === 'ok' ? 'info' : report.status,
    title: report.title,
    text: report.text,
    ...(mailed === 'sent' && { channels: ['telegram', 'webhook'] }),
  });
  return { ...report, reportId, delivery, narrative, mailed };
}
