import { createHash, randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import type { AuditAction } from '../domain/audit-actions';
import type { AppEnv } from './app-env';
import type { AuditLog } from '../infra/db/repositories/audit-log';

/** `key:` and 12 hex digits of the key's SHA-256: names the key in the log without revealing it. */
export const dashKeyActor = (key: string) => `key:${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;

export interface OperatorAuditEntry {
  action: AuditAction;
  /** What the action was applied to (schedule id, payment id, `all`, …); no personal data. */
  target: string;
  details?: Record<string, unknown>;
}

/**
 * The hook every admin route calls after an operator action succeeded: one audit entry with the
 * key's fingerprint as actor and the request id. Budget changes, DSR decisions and key rotations
 * use it too (AUDIT_ACTIONS).
 */
export function createOperatorAudit(log: AuditLog, dashboardKey: string) {
  const actor = dashKeyActor(dashboardKey);
  return {
    actor,
    record: async (c: Context<AppEnv>, e: OperatorAuditEntry): Promise<void> => {
      await log.append({
        actor,
        action: e.action,
        subject: e.target,
        details: e.details ?? {},
        requestId: c.get('requestId'),
        // Each request is its own action; the request id comes from the caller, so it cannot dedupe.
        dedupeKey: `op:${randomUUID()}`,
      });
    },
  };
}
export type OperatorAudit = ReturnType<typeof createOperatorAudit>;
