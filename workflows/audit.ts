import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { auditBreakAlert, type AuditCheckpointSummary, type WeeklyAuditSummary } from '../domain/audit';
import { notify } from './notify';

const { signAuditCheckpoint, runWeeklyAudit } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  retry: { maximumAttempts: 3, initialInterval: '30 seconds' },
});

/** Daily (schedule `audit-checkpoint`): signs the audit chain's head; alerts when it cannot because of a break. */
export async function auditCheckpoint(input: { reason?: string } = {}): Promise<AuditCheckpointSummary> {
  const s = await signAuditCheckpoint(input.reason ?? 'daily');
  if (!s.signed) await notify(auditBreakAlert(s, 'daily audit checkpoint'));
  return s;
}

/** Weekly (schedule `weekly-audit`): verifies chain and checkpoints, writes the report, alerts on any break. */
export async function weeklyAudit(): Promise<WeeklyAuditSummary> {
  const s = await runWeeklyAudit();
  if (s.status !== 'ok') await notify(auditBreakAlert(s, 'weekly audit'));
  return s;
}
