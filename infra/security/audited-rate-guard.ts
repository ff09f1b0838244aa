import { createHash } from 'node:crypto';
import { AUDIT_ACTIONS } from '../../domain/audit-actions';
import type { RateGuardAction } from '../../domain/contracts/rate-guard-action';
import type { AuditLog } from '../db/repositories/audit-log';
import type { RateGuardAdmin, RateGuardStats } from './rate-guard-admin';

/** `echopilot rate-guard` runs on the host, not through the API: the host operator is the actor. */
const CLI_ACTOR = 'cli:rate-guard';
/** An address is personal data: the log names it by a fingerprint. */
export const ipFingerprint = (ip: string) => `ip:${createHash('sha256').update(ip).digest('hex').slice(0, 12)}`;

export type RateGuardResult = RateGuardStats | { ip: string; cleared: boolean } | { cleared: number };

/**
 * A ban-list action of the CLI (through the worker or straight on the database), with the clears appended
 * to the audit log. `dedupeKey` identifies the action: a retried activity adds nothing.
 */
export async function runAuditedRateGuardAction(
  admin: RateGuardAdmin,
  audit: AuditLog,
  action: RateGuardAction,
  dedupeKey: string,
): Promise<RateGuardResult> {
  if (action.action === 'stats') return admin.stats();
  if (action.action === 'clear') {
    const result = await admin.clear(action.ip);
    await audit.append({
      actor: CLI_ACTOR,
      action: AUDIT_ACTIONS.rateGuardClear,
      subject: ipFingerprint(result.ip),
      details: { cleared: result.cleared },
      dedupeKey,
    });
    return result;
  }
  const result = await admin.clearAll();
  await audit.append({
    actor: CLI_ACTOR,
    action: AUDIT_ACTIONS.rateGuardClearAll,
    subject: 'all',
    details: result,
    dedupeKey,
  });
  return result;
}
