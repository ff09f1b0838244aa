/** What one replica snapshot produced: the answer of `POST /api/regions/sync` and of the replica-sync workflow. */
export interface SnapshotResult {
  snapshotId: string;
  files: number;
  bytes: number;
  verified: true;
  /** The generation folder. */
  path: string;
  /** Older generations removed to keep REPLICA_KEEP. */
  pruned: string[];
  /** The copy in the S3 bucket (REPLICA_S3_BUCKET), or why it failed; absent without a bucket. */
  s3?: S3CopyResult;
}

/** A generation copied to the bucket, every object's SHA-256 checked there. */
export interface S3Upload {
  uploaded: number;
  bytes: number;
  verified: true;
  /** `s3://bucket/<prefix><snapshotId>/` */
  key: string;
  /** Older generations removed from the bucket to keep REPLICA_KEEP. */
  pruned: string[];
  seconds: number;
}

/** The bucket copy, or why it failed, in words. */
export type S3CopyResult = S3Upload | { error: string };

/** The replica-sync schedule's interval; the auto-operator alerts past twice this age. */
export const REPLICA_SYNC_EVERY_HOURS = 2;
