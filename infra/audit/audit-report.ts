import type { AuditCounts, AuditLog } from '../db/repositories/audit-log';
import type { AuditDsrStats, AuditDsrStatsReader } from '../db/repositories/audit-dsr-stats';
import type { AuditSecurityStats, AuditSecurityStatsReader } from '../db/repositories/audit-security-stats';
import { readCheckpoints, verifyCheckpoint, type AuditCheckpoint } from './checkpoints';
import type { AuditSigner } from './signing-key';
import type { ChainBreak, ChainVerification } from './verify-chain';

export interface CheckpointCheck extends AuditCheckpoint {
  file: string;
  signatureValid: boolean;
  /** The entry at `seq` still has `headHash`; null when the signature is not valid (nothing to compare). */
  matchesChain: boolean | null;
}

export interface AuditReport {
  generatedAt: string;
  period: { from: string; to: string };
  /** ok: chain intact and the last checkpoint signed and matching. */
  status: 'ok' | 'broken';
  entries: AuditCounts;
  chain: ChainVerification;
  checkpoints: { count: number; invalidSignatures: number; last: CheckpointCheck | null };
  security: AuditSecurityStats & { note: string };
  /** Data subject requests opened and closed in the period, and the open ones against their deadline. */
  dsr: AuditDsrStats;
}

export interface AuditReportDeps {
  auditLog: AuditLog;
  securityStats: AuditSecurityStatsReader;
  dsrStats: AuditDsrStatsReader;
  signer: () => AuditSigner;
  checkpointDir: string;
}

/** The newest checkpoint with a valid signature pins the head: rows after the chain's end were deleted. */
async function checkpointBreak(
  deps: AuditReportDeps,
  chain: ChainVerification,
  cp: AuditCheckpoint,
): Promise<ChainBreak | undefined> {
  if (cp.seq === 0) return undefined;
  if (cp.seq > chain.headSeq)
    return {
      seq: chain.headSeq + 1,
      problem: 'deleted',
      detail: `the log ends at #${chain.headSeq} but the checkpoint signed ${cp.createdAt} covers up to #${cp.seq}`,
    };
  const hash = await deps.auditLog.hashAt(cp.seq);
  if (hash === undefined)
    return { seq: cp.seq, problem: 'deleted', detail: `entry #${cp.seq}, signed in a checkpoint, is missing` };
  if (hash !== cp.headHash)
    return {
      seq: cp.seq,
      problem: 'edited',
      detail: `entry #${cp.seq} no longer has the hash signed in the checkpoint of ${cp.createdAt}`,
    };
  return undefined;
}

/** The SOC-lite report: what happened in the period, whether the chain and its checkpoints hold. */
export async function buildAuditReport(deps: AuditReportDeps, from: Date, to: Date): Promise<AuditReport> {
  const now = new Date();
  const [entries, chain, security, dsr] = await Promise.all([
    deps.auditLog.counts(from, to),
    deps.auditLog.verifyChain(),
    deps.securityStats(from, to, now),
    deps.dsrStats(from, to, now),
  ]);
  const stored = readCheckpoints(deps.checkpointDir);
  const publicKey = deps.signer().publicKey;
  const checked = stored.map((s) => ({ ...s, valid: verifyCheckpoint(s.checkpoint, publicKey) }));
  const lastValid = checked.filter((c) => c.valid).at(-1);
  let matchesLastValid: boolean | null = null;
  if (lastValid) {
    const br = chain.firstBreak ? undefined : await checkpointBreak(deps, chain, lastValid.checkpoint);
    if (br) Object.assign(chain, { status: 'broken', firstBreak: br });
    matchesLastValid = !br && !chain.firstBreak;
  }
  const newest = checked.at(-1);
  const last: CheckpointCheck | null = newest
    ? {
        ...newest.checkpoint,
        file: newest.file,
        signatureValid: newest.valid,
        matchesChain: newest.valid ? matchesLastValid : null,
      }
    : null;
  const invalidSignatures = checked.filter((c) => !c.valid).length;
  return {
    generatedAt: now.toISOString(),
    period: { from: from.toISOString(), to: to.toISOString() },
    status: chain.status === 'valid' && invalidSignatures === 0 ? 'ok' : 'broken',
    entries,
    chain,
    checkpoints: { count: stored.length, invalidSignatures, last },
    security: {
      ...security,
      note: 'auth_failures and ip_bans are pruned a day after they end (schedule security-prune): older periods count only what is left',
    },
    dsr,
  };
}
