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
}

/** The replica-sync schedule's interval; the auto-operator alerts past twice this age. */
export const REPLICA_SYNC_EVERY_HOURS = 2;
