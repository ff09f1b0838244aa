import { ActivityFailure, ApplicationFailure, patched, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { S3CopyResult, SnapshotResult } from '../domain/contracts/replica-snapshot';
import { notify } from './notify';

const { takeReplicaSnapshot, uploadReplicaSnapshot } = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  retry: { maximumAttempts: 3, initialInterval: '30 seconds' },
});
const { storeOpsReport } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 3 },
});

export const REPLICA_SYNC_REPORT = 'replica-sync';

const messageOf = (err: unknown) =>
  err instanceof ActivityFailure && err.cause ? err.cause.message : (err as Error).message;

/** The bucket copy (REPLICA_S3_BUCKET) once the local generation is in place; a failure is an answer, not a throw. */
async function copyToBucket(snapshotId: string): Promise<S3CopyResult | undefined> {
  try {
    return (await uploadReplicaSnapshot(snapshotId)) ?? undefined;
  } catch (err) {
    return { error: messageOf(err) };
  }
}

/**
 * Every 2 h (schedule `replica-sync`) and on `POST /api/regions/sync`: a verified snapshot generation,
 * then its copy in the S3 bucket when one is configured. Success and failure both leave a routine
 * report; a failure also alerts, and a failed local snapshot fails the run, never a silent success. A
 * failed bucket copy keeps the local generation and answers with the error.
 */
export async function replicaSync(): Promise<SnapshotResult> {
  let r: SnapshotResult;
  try {
    r = await takeReplicaSnapshot();
  } catch (err) {
    const message = messageOf(err);
    await storeOpsReport({
      kind: REPLICA_SYNC_REPORT,
      status: 'critical',
      summary: `snapshot failed: ${message}`,
      body: { error: message },
    });
    await notify({ key: 'replica-sync:failed', severity: 'critical', title: 'Replica snapshot failed', text: message });
    throw ApplicationFailure.nonRetryable(message, 'replica_sync_failed');
  }
  const s3 = patched('replica-sync-s3') ? await copyToBucket(r.snapshotId) : undefined;
  const result: SnapshotResult = s3 ? { ...r, s3 } : r;
  const s3Failed = s3 && 'error' in s3;
  await storeOpsReport({
    kind: REPLICA_SYNC_REPORT,
    status: s3Failed ? 'critical' : 'ok',
    summary:
      `${r.snapshotId}: ${r.files} files, ${r.bytes} bytes, verified` +
      (!s3 ? '' : 'error' in s3 ? `; S3 copy failed: ${s3.error}` : `; S3 copy verified (${s3.key})`),
    body: result,
  });
  if (s3 && 'error' in s3)
    await notify({
      key: 'replica-sync:s3-failed',
      severity: 'critical',
      title: 'Replica S3 copy failed (the local snapshot is kept)',
      text: s3.error,
    });
  return result;
}
