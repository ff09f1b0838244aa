/** What the audit routines return to their workflows (small: the full report goes to files). */
export interface AuditBreakSummary {
  seq: number;
  problem: 'edited' | 'deleted' | 'reordered';
  detail: string;
}

export interface AuditCheckpointSummary {
  signed: boolean;
  seq?: number;
  files: string[];
  /** Set when the chain or the last checkpoint is broken (nothing was signed). */
  firstBreak: AuditBreakSummary | null;
  invalidSignatures: number;
}

export interface WeeklyAuditSummary extends AuditCheckpointSummary {
  status: 'ok' | 'broken';
  entriesInPeriod: number;
  reportFiles: string[];
}

/** The alert for a broken chain or checkpoint: sequence numbers and the kind of break, no entry content. */
export function auditBreakAlert(s: AuditCheckpointSummary, routine: string) {
  const what = s.firstBreak
    ? `first break at entry #${s.firstBreak.seq} (${s.firstBreak.problem}): ${s.firstBreak.detail}`
    : `${s.invalidSignatures} checkpoint(s) with an invalid signature`;
  return {
    key: `audit-break:${s.firstBreak ? `${s.firstBreak.seq}:${s.firstBreak.problem}` : `sig:${s.invalidSignatures}`}`,
    severity: 'critical' as const,
    title: 'Audit log integrity check failed',
    text: `${routine}: ${what}. Nothing was signed. Run \`echopilot audit verify\` and compare with the checkpoints in backups/audit/.`,
  };
}
