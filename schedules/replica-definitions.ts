import { ScheduleOverlapPolicy } from '@temporalio/client';
import { REPLICA_SYNC_EVERY_HOURS } from '../domain/contracts/replica-snapshot';
import type { ScheduleDefinition } from './schedule-definition';

/** The original EchoPilot runbook's multi-region replica: a verified snapshot generation every 2 h. */
export const replicaSyncSchedule: ScheduleDefinition = {
  id: 'replica-sync',
  description: `Verified snapshot of the database, Temporal file, audit checkpoints and configuration to RAILWAY_FALLBACK_PATH (every ${REPLICA_SYNC_EVERY_HOURS} h, keeps REPLICA_KEEP)`,
  // Twenty-five past, away from the hourly heartbeat and the ten-past predictive alerts.
  spec: { intervals: [{ every: `${REPLICA_SYNC_EVERY_HOURS} hours`, offset: '25 minutes' }] },
  workflowType: 'replicaSync',
  args: [],
  overlap: ScheduleOverlapPolicy.SKIP,
  catchupWindow: '1 hour',
};
