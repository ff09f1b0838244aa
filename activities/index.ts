import { createHealthActivities, type HealthActivityDeps } from './health-activities';

export type ActivityDeps = HealthActivityDeps;

/** Every activity the worker registers, built over injected clients. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createHealthActivities(deps),
  };
}
export type Activities = ReturnType<typeof createActivities>;
