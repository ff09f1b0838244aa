import { createHealthActivities, type HealthActivityDeps } from './health-activities';
import { createPaymentActivities, type PaymentActivityDeps } from './payment-activities';

export type ActivityDeps = HealthActivityDeps & PaymentActivityDeps;

/** Every activity the worker registers, built over injected clients. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createHealthActivities(deps),
    ...createPaymentActivities(deps),
  };
}
export type Activities = ReturnType<typeof createActivities>;
