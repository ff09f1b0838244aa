import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/load-config';
import type { AuditLog } from '../db/repositories/audit-log';
import type { AuditDsrStatsReader } from '../db/repositories/audit-dsr-stats';
import type { AuditSecurityStatsReader } from '../db/repositories/audit-security-stats';
import { buildAuditReport, type AuditReport } from './audit-report';
import { renderAuditReportPdf } from './audit-report-pdf';
import { signCheckpoint, writeCheckpoint, type AuditCheckpoint } from './checkpoints';
import { ensureAuditSigner, type AuditSigner } from './signing-key';

export interface AuditServiceDeps {
  config: Config;
  auditLog: AuditLog;
  securityStats: AuditSecurityStatsReader;
  dsrStats: AuditDsrStatsReader;
}

export type CheckpointOutcome =
  | { signed: true; checkpoint: AuditCheckpoint; files: string[] }
  | { signed: false; reason: string; report: AuditReport };

/** Report, signed checkpoints and report files; the key is loaded (or generated) on first use. */
export function createAuditService(deps: AuditServiceDeps) {
  const { config } = deps;
  let signer: AuditSigner | undefined;
  const getSigner = () => (signer ??= ensureAuditSigner(config));
  const dirs = [config.audit.dir, config.audit.replicaDir];
  const report = (from: Date, to: Date) =>
    buildAuditReport(
      {
        auditLog: deps.auditLog,
        securityStats: deps.securityStats,
        dsrStats: deps.dsrStats,
        signer: getSigner,
        checkpointDir: config.audit.dir,
      },
      from,
      to,
    );
  return {
    signer: getSigner,
    report,
    /**
     * Signs the current head, unless the chain or the last checkpoint is already broken: signing a
     * tampered head would vouch for it.
     */
    async checkpoint(reason: string, now = new Date()): Promise<CheckpointOutcome> {
      const r = await report(new Date(now.getTime() - 86_400_000), now);
      if (r.status !== 'ok') return { signed: false, reason: 'the chain or its last checkpoint is broken', report: r };
      const s = getSigner();
      const cp = signCheckpoint(
        { seq: r.chain.headSeq, headHash: r.chain.headHash, entries: r.chain.entries },
        reason,
        s,
        now,
      );
      return { signed: true, checkpoint: cp, files: writeCheckpoint(cp, dirs, s.publicKeyPem) };
    },
    /** The report as JSON and PDF, into the audit folder and its replica; returns the file paths. */
    async writeReport(r: AuditReport): Promise<string[]> {
      const base = `audit-report-${r.period.to.slice(0, 10)}`;
      const pdf = await renderAuditReportPdf(r, config.payments.businessName);
      return dirs.flatMap((dir) => {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        const json = path.join(dir, `${base}.json`);
        const pdfFile = path.join(dir, `${base}.pdf`);
        writeFileSync(json, `${JSON.stringify(r, null, 2)}\n`, { mode: 0o600 });
        writeFileSync(pdfFile, pdf, { mode: 0o600 });
        return [json, pdfFile];
      });
    },
  };
}
export type AuditService = ReturnType<typeof createAuditService>;
