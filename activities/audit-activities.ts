import type { AuditCheckpointSummary, WeeklyAuditSummary } from '../domain/audit';
import type { AuditReport } from '../infra/audit/audit-report';
import type { AuditService, CheckpointOutcome } from '../infra/audit/audit-service';

export interface AuditActivityDeps {
  audit: AuditService;
}

const WEEK_MS = 7 * 86_400_000;

function summary(o: CheckpointOutcome, r?: AuditReport): AuditCheckpointSummary {
  if (o.signed) return { signed: true, seq: o.checkpoint.seq, files: o.files, firstBreak: null, invalidSignatures: 0 };
  const report = r ?? o.report;
  return {
    signed: false,
    files: [],
    firstBreak: report.chain.firstBreak,
    invalidSignatures: report.checkpoints.invalidSignatures,
  };
}

/** Signed checkpoints of the audit chain and the weekly report files. */
export function createAuditActivities(deps: AuditActivityDeps) {
  return {
    /** Signs the chain's head into DATA_DIR/backups/audit (and the replica), unless it is broken. */
    async signAuditCheckpoint(reason: string): Promise<AuditCheckpointSummary> {
      return summary(await deps.audit.checkpoint(reason));
    },
    /**
     * The weekly audit: report over the past seven days (JSON and PDF), then a checkpoint when the
     * chain and the previous checkpoints hold. A retry writes the same files again.
     */
    async runWeeklyAudit(): Promise<WeeklyAuditSummary> {
      const to = new Date();
      const report = await deps.audit.report(new Date(to.getTime() - WEEK_MS), to);
      const reportFiles = await deps.audit.writeReport(report);
      const cp = report.status === 'ok' ? await deps.audit.checkpoint('weekly-audit', to) : undefined;
      const s = cp ? summary(cp) : summary({ signed: false, reason: 'broken', report }, report);
      return { ...s, status: report.status, entriesInPeriod: report.entries.total, reportFiles };
    },
  };
}
