import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { RetentionOutcome } from '../domain/retention';

const { applyLedgerRetention } = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { maximumAttempts: 5, initialInterval: '30 seconds' },
});

/** Daily: the job ledger keeps TASK_RETENTION_DAYS of finished tasks and ATTEMPT_RETENTION_DAYS of attempt rows. */
export async function ledgerRetention(): Promise<RetentionOutcome> {
  return applyLedgerRetention();
}
