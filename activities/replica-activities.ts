import { ApplicationFailure } from '@temporalio/activity';
import type { S3CopyResult, SnapshotResult } from '../domain/contracts/replica-snapshot';
import { S3DestinationError } from '../infra/backup/s3-client';
import { ReplicaPathError, type SnapshotService } from '../infra/backup/snapshot-service';

export interface ReplicaActivityDeps {
  /** Unset in a process without the database (the API-only role never runs activities). */
  replica?: SnapshotService;
}

export function createReplicaActivities(deps: ReplicaActivityDeps) {
  return {
    /**
     * One snapshot generation under RAILWAY_FALLBACK_PATH. A missing or unwritable destination fails at
     * once (no retry can fix it; the workflow reports and alerts); other failures are retried.
     */
    async takeReplicaSnapshot(): Promise<SnapshotResult> {
      if (!deps.replica) throw ApplicationFailure.nonRetryable('this worker has no snapshot service', 'replica_off');
      try {
        return await deps.replica.take();
      } catch (err) {
        if (err instanceof ReplicaPathError) throw ApplicationFailure.nonRetryable(err.message, 'replica_path');
        throw err;
      }
    },

    /**
     * The generation's copy in the S3 bucket, verified there; null without a bucket. A refusal no retry
     * can fix (missing bucket, refused credentials) fails at once; network trouble is retried.
     */
    async uploadReplicaSnapshot(snapshotId: string): Promise<Exclude<S3CopyResult, { error: string }> | null> {
      if (!deps.replica) throw ApplicationFailure.nonRetryable('this worker has no snapshot service', 'replica_off');
      try {
        return (await deps.replica.uploadOffsite(snapshotId)) ?? null;
      } catch (err) {
        if (err instanceof S3DestinationError) throw ApplicationFailure.nonRetryable(err.message, 'replica_s3');
        throw err;
      }
    },
  };
}
