import { createAlertActivities } from './alert-activities';
import { mergeActivities } from './merge-activities';
import type { OpsActivityDeps } from './ops-deps';
import { createOperatorActivities } from './operator-activities';
import { createReplayActivities } from './replay-activities';
import { createReportActivities } from './report-activities';
import { createTrendActivities } from './trend-activities';
import { createRetentionActivities } from './retention-activities';

export type { OpsActivityDeps };

/** The self-operating routines' activities: alerts, re-runs, auto-operator, trends, reports. */
export function createOpsActivities(deps: OpsActivityDeps) {
  return mergeActivities(
    createAlertActivities(deps),
    createReplayActivities(deps),
    createOperatorActivities(deps),
    createTrendActivities(deps),
    createReportActivities(deps),
    createRetentionActivities(deps),
  );
}
