import type { Env } from './env-schema';

/** The optional S3-compatible second destination of the snapshots (REPLICA_S3_*). */
export interface ReplicaS3Config {
  bucket: string;
  /** Unset: AWS S3 in `region`. */
  endpoint?: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `<prefix><snapshotId>/<file>`; empty or ending in `/`. */
  prefix: string;
  forcePathStyle: boolean;
}

const S3_VARS = [
  'REPLICA_S3_ENDPOINT',
  'REPLICA_S3_ACCESS_KEY_ID',
  'REPLICA_S3_SECRET_ACCESS_KEY',
  'REPLICA_S3_FORCE_PATH_STYLE',
] as const;

/**
 * Start-up problems of the S3 settings, each naming its variable. The keys are required with a bucket:
 * credentials are read from this configuration only, never from the SDK's own environment lookup.
 */
export function replicaS3Problems(env: Env): string[] {
  if (!env.REPLICA_S3_BUCKET) {
    const stray = S3_VARS.filter((k) => env[k] !== undefined);
    return stray.length ? [`REPLICA_S3_BUCKET: required when ${stray.join(', ')} is set`] : [];
  }
  const problems: string[] = [];
  if (!env.REPLICA_S3_ACCESS_KEY_ID) problems.push('REPLICA_S3_ACCESS_KEY_ID: required when REPLICA_S3_BUCKET is set');
  if (!env.REPLICA_S3_SECRET_ACCESS_KEY)
    problems.push('REPLICA_S3_SECRET_ACCESS_KEY: required when REPLICA_S3_BUCKET is set');
  return problems;
}

export function replicaS3Config(env: Env): ReplicaS3Config | undefined {
  if (!env.REPLICA_S3_BUCKET || !env.REPLICA_S3_ACCESS_KEY_ID || !env.REPLICA_S3_SECRET_ACCESS_KEY) return undefined;
  return {
    bucket: env.REPLICA_S3_BUCKET,
    endpoint: env.REPLICA_S3_ENDPOINT,
    region: env.REPLICA_S3_REGION,
    accessKeyId: env.REPLICA_S3_ACCESS_KEY_ID,
    secretAccessKey: env.REPLICA_S3_SECRET_ACCESS_KEY,
    prefix: env.REPLICA_S3_PREFIX,
    forcePathStyle: env.REPLICA_S3_FORCE_PATH_STYLE ?? !!env.REPLICA_S3_ENDPOINT,
  };
}
