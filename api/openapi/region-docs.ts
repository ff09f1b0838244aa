import { regionSyncBody } from '../routes/region-routes';
import type { RouteDoc } from './route-doc';

export const regionDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/regions/sync',
    tag: 'Continuity',
    auth: 'dashKey',
    body: regionSyncBody,
    summary: 'Take a verified snapshot now (the replica-sync workflow; also every 2 h)',
    description:
      'Writes a dated generation under RAILWAY_FALLBACK_PATH: the application database (PGlite dump, pg_dump, or COPY without pg_dump), ' +
      "the embedded Temporal server's SQLite file (consistent copy), the audit checkpoints and the configuration without " +
      'secrets, with `manifest.json` (file, size, SHA-256); every file is re-hashed after the copy. Keeps REPLICA_KEEP ' +
      'generations, also in the S3 bucket when REPLICA_S3_BUCKET is set (answer field s3). A concurrent call joins the ' +
      'run in progress.',
    responses: {
      200: '`{ workflowId, status: "completed", snapshotId, files, bytes, verified: true, path, pruned }`',
      202: 'Still running: `{ workflowId, status: "running" }`',
      503: '`replica_sync_failed`: the message says why (missing or unwritable path, failed verification); an alert went out',
    },
  },
  {
    method: 'get',
    path: '/api/regions/status',
    tag: 'Continuity',
    auth: 'dashKey',
    summary: 'The newest verified snapshot, its age, size and verification; the last replica-sync run',
    description:
      '`stale` is true when there is no verified snapshot or the newest is older than twice the 2 h interval ' +
      '(the auto-operator then alerts).',
    responses: {
      200: '`{ path, keep, intervalHours, generations, last: { snapshotId, createdAt, ageSeconds, bytes, files, verified, verifiedAt, database, temporal } | null, stale, lastRun }`',
    },
  },
];
