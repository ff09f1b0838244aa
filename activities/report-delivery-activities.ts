import { ApplicationFailure } from '@temporalio/activity';
import type { BriefNarrative } from '../domain/brief-narrative';
import type { ReportFacts } from '../domain/report-facts';
import type { Mailer } from '../infra/clients/mailer';
import type { Config } from '../infra/config/load-config';
import type { OpsReportRepository } from '../infra/db/repositories/ops-reports';
import { renderReportPdf } from '../infra/pdf/report-pdf';
import { storedReportPdfInput } from '../infra/reports/stored-report';
import { writeBriefNarrative } from '../infra/reports/brief-writer';
import { platformCompletion, type PlatformLlmDeps } from './platform-llm';

export interface ReportDeliveryDeps extends PlatformLlmDeps {
  config: Config;
  opsReports: OpsReportRepository;
  payments: { mailer: Mailer };
}

/** The executive report's and CEO brief's extras: the narrative by QA_MODEL, the email with the PDF. */
export function createReportDeliveryActivities(deps: ReportDeliveryDeps) {
  return {
    /** The CEO brief's narrative over the computed facts (its cost in the platform LLM ledger); null without an LLM key. */
    async writeBriefNarrative(input: { facts: ReportFacts }): Promise<BriefNarrative | null> {
      return writeBriefNarrative(platformCompletion(deps, 'brief-narrative'), deps.config.llm.qaModel, input.facts);
    },

    /**
     * Emails a stored report to ALERT_EMAIL_TO: its text as the body, the PDF with charts attached. The
     * message id is the report's, so a retried send is recognisably the same mail. Skipped without SMTP.
     */
    async emailReport(input: { reportId: number }): Promise<'sent' | 'skipped'> {
      const to = deps.config.alerts.emailTo;
      if (!to || !deps.payments.mailer.configured) return 'skipped';
      const stored = await deps.opsReports.byId(input.reportId);
      const pdfInput = stored && storedReportPdfInput(stored);
      if (!stored || !pdfInput)
        throw ApplicationFailure.nonRetryable(`report ${input.reportId} has no facts to draw`, 'report_not_found');
      const pdf = await renderReportPdf(pdfInput);
      return deps.payments.mailer.send({
        to,
        subject: `[EchoPilot ${stored.status === 'ok' ? 'info' : stored.status}] ${pdfInput.title}`,
        text: pdfInput.text,
        messageId: `<report-${stored.id}@echopilot>`,
        attachments: [
          {
            filename: `${stored.kind}-${stored.createdAt.toISOString().slice(0, 10)}.pdf`,
            content: pdf,
            contentType: 'application/pdf',
          },
        ],
      });
    },
  };
}
