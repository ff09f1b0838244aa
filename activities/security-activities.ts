import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { AuditLog } from '../infra/db/repositories/audit-log';
import { runAuditedRateGuardAction } from '../infra/security/audited-rate-guard';
import { InvalidIpError, type RateGuardAdmin } from '../infra/security/rate-guard-admin';
import type { RateGuardAction } from '../domain/contracts/rate-guard-action';
import { callerWorkflow } from './activity-context';

export interface SecurityActivityDeps {
  securityAdmin: RateGuardAdmin;
  payments: { audit: AuditLog };
}

/** The ban list, reached through the worker: it owns the database even when that is the embedded PGlite. */
export function createSecurityActivities(deps: SecurityActivityDeps) {
  return {
    async rateGuardAdmin(input: RateGuardAction) {
      try {
        // One audit entry per workflow run: a retried activity finds it by this key.
        const { workflowId, runId } = callerWorkflow();
        const dedupeKey = workflowId ? `cli:${workflowId}:${runId ?? ''}` : `cli:${randomUUID()}`;
        return await runAuditedRateGuardAction(deps.securityAdmin, deps.payments.audit, input, dedupeKey);
      } catch (err) {
        if (err instanceof InvalidIpError) throw ApplicationFailure.nonRetryable(err.message, 'InvalidIp');
        throw err;
      }
    },
    /** Strikes and bans that ended more than a day ago. */
    pruneSecurityRecords: () => deps.securityAdmin.prune(),
  };
}
