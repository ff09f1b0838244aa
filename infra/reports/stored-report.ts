import type { BriefNarrative } from '../../domain/brief-narrative';
import type { ReportFacts } from '../../domain/report-facts';
import type { StoredOpsReport } from '../db/repositories/ops-reports';
import type { ReportPdfInput } from '../pdf/report-pdf';

/** The stored body of a scheduled report (workflows/scheduled-report.ts writes it). */
interface ReportBody {
  title?: string;
  text?: string;
  data?: { facts?: ReportFacts };
  narrative?: BriefNarrative | null;
}

/** What the PDF of a stored report is drawn from; undefined for a report stored before facts existed. */
export function storedReportPdfInput(r: StoredOpsReport): ReportPdfInput | undefined {
  const body = (r.body ?? {}) as ReportBody;
  const facts = body.data?.facts;
  if (!facts) return undefined;
  return { title: body.title ?? r.summary, text: body.text ?? '', facts, narrative: body.narrative ?? null };
}
