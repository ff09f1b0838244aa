import { REPLICA_SYNC_EVERY_HOURS } from '../../domain/contracts/replica-snapshot';
import type { SnapshotService } from './snapshot-service';

export interface ReplicaStatus {
  path: string;
  keep: number;
  intervalHours: number;
  generations: number;
  /** The newest verified generation, if any. */
  last: {
    snapshotId: string;
    createdAt: string;
    ageSeconds: number;
    bytes: number;
    files: number;
    verified: boolean;
    verifiedAt: string;
    database: 'pglite' | 'postgres';
    temporal: 'embedded' | 'external';
  } | null;
  /** No verified snapshot, or the newest is older than twice the interval. */
  stale: boolean;
}

/** What `GET /api/regions/status` and the auto-operator read: the generations on disk, newest verified first. */
export async function readReplicaStatus(replica: SnapshotService, now: Date): Promise<ReplicaStatus> {
  const gens = await replica.generations();
  const newest = [...gens].reverse().find((g) => g.manifest.verified)?.manifest;
  const ageSeconds = newest ? Math.max(0, Math.round((now.getTime() - Date.parse(newest.createdAt)) / 1000)) : 0;
  return {
    path: replica.root,
    keep: replica.keep,
    intervalHours: REPLICA_SYNC_EVERY_HOURS,
    generations: gens.length,
    last: newest
      ? {
          snapshotId: newest.snapshotId,
          createdAt: newest.createdAt,
          ageSeconds,
          bytes: newest.bytes,
          files: newest.files.length,
          verified: newest.verified,
          verifiedAt: newest.verifiedAt,
          database: newest.database,
          temporal: newest.temporal,
        }
      : null,
    stale: !newest || ageSeconds > 2 * REPLICA_SYNC_EVERY_HOURS * 3600,
  };
}
