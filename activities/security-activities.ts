import { ApplicationFailure } from '@temporalio/common';
import { InvalidIpError, type RateGuardAdmin } from '../infra/security/rate-guard-admin';
import type { RateGuardAction } from '../domain/contracts/rate-guard-action';

export interface SecurityActivityDeps {
  securityAdmin: RateGuardAdmin;
}

/** The ban list, reached through the worker: it owns the database even when that is the embedded PGlite. */
export function createSecurityActivities(deps: SecurityActivityDeps) {
  return {
    async rateGuardAdmin(input: RateGuardAction) {
      try {
        if (input.action === 'stats') return await deps.securityAdmin.stats();
        if (input.action === 'clear') return await deps.securityAdmin.clear(input.ip);
        return await deps.securityAdmin.clearAll();
      } catch (err) {
        if (err instanceof InvalidIpError) throw ApplicationFailure.nonRetryable(err.message, 'InvalidIp');
        throw err;
      }
    },
    /** Strikes and bans that ended more than a day ago. */
    pruneSecurityRecords: () => deps.securityAdmin.prune(),
  };
}
