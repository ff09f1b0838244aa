import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { SnapshotResult } from '../domain/contracts/replica-snapshot';
import { notify } from './notify';

const { takeReplicaSnapshot } = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  retry: { maximumAttempts: 3, initialInterval: '30 seconds' },
});
const { storeOpsReport } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 3 },
});

export const REPLICA_SYNC_REPORT = 'replica-sync';

/**
 * Every 2 h (schedule `replica-sync`) and on `POST /api/regions/sync`: a verified snapshot generation.
 * Success and failure both leave a routine report; a failure also alerts and fails the run, never a
 * silent success.
 */
export async function replicaSync(): Promise<SnapshotResult> {
  try {
    const r = await takeReplicaSnapshot();
    await storeOpsReport({
      kind: REPLICA_SYNC_REPORT,
      status: 'ok',
      summary: `${r.snapshotId}: ${r.files} files, ${r.bytes} bytes, verified`,
      body: r,
    });
    return r;
  } catch (err) {
    const message = err instanceof ActivityFailure && err.cause ? err.cause.message : (err as Error).message;
    await storeOpsReport({
      kind: REPLICA_SYNC_REPORT,
      status: 'critical',
      summary: `snapshot failed: ${message}`,
      body: { error: message },
    });
    await notify({ key: 'replica-sync:failed', severity: 'critical', title: 'Replica snapshot failed', text: message });
    throw ApplicationFailure.nonRetryable(message, 'replica_sync_failed');
  }
}
