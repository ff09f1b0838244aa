import { createHealthActivities, type HealthActivityDeps } from './health-activities';
import { createOpsActivities, type OpsActivityDeps } from './ops-activities';

export type ActivityDeps = HealthActivityDeps & OpsActivityDeps;

/** Every activity the worker registers, built over injected clients. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createHealthActivities(deps),
    ...createOpsActivities(deps),
  };
}
export type Activities = ReturnType<typeof createActivities>;
