import { createHealthActivities, type HealthActivityDeps } from './health-activities';
import { createPaymentActivities, type PaymentActivityDeps } from './payment-activities';

import { createOpsActivities, type OpsActivityDeps } from './ops-activities';

export type ActivityDeps = HealthActivityDeps & PaymentActivityDeps & OpsActivityDeps;

/** Every activity the worker registers, built over injected clients. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createHealthActivities(deps),
    ...createPaymentActivities(deps),
    ...createOpsActivities(deps),
  };
}
export type Activities = ReturnType<typeof createActivities>;
