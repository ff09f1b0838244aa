import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { RateGuardAction } from '../domain/contracts/rate-guard-action';

const { rateGuardAdmin: runRateGuardAdmin, pruneSecurityRecords } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 3 },
});

/** `echopilot rate-guard stats|clear`: runs on the worker, which holds the database. */
export async function rateGuardAdmin(
  input: RateGuardAction,
): Promise<Awaited<ReturnType<Activities['rateGuardAdmin']>>> {
  return runRateGuardAdmin(input);
}

/** Daily housekeeping of auth_failures and ip_bans (schedule `security-prune`). */
export async function securityPrune(): Promise<{ authFailures: number; ipBans: number }> {
  return pruneSecurityRecords();
}
