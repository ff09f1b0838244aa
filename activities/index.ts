import { createHealthActivities, type HealthActivityDeps } from './health-activities';
import { createPaymentActivities, type PaymentActivityDeps } from './payment-activities';

import { createOpsActivities, type OpsActivityDeps } from './ops-activities';

import { createLlmActivities, type LlmActivityDeps } from './llm-activities';
import { createMediaActivities, type MediaActivityDeps } from './media-activities';
import { createNotionIntakeActivities, type NotionIntakeDeps } from './notion-intake-activities';
import { createNotionPublishActivities, type NotionPublishDeps } from './notion-publish-activities';
import { createTaskActivities, type TaskActivityDeps } from './task-activities';

export type ActivityDeps = HealthActivityDeps &
  PaymentActivityDeps &
  OpsActivityDeps &
  TaskActivityDeps &
  LlmActivityDeps &
  MediaActivityDeps &
  NotionIntakeDeps &
  NotionPublishDeps;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Merges activity groups; a name defined twice would silently replace the other, so it is an error. */
function mergeActivities<T extends object[]>(...groups: T): UnionToIntersection<T[number]> {
  const merged: Record<string, unknown> = {};
  for (const group of groups) {
    for (const [name, fn] of Object.entries(group)) {
      if (name in merged) throw new Error(`Activity "${name}" is defined by two activity factories`);
      merged[name] = fn;
    }
  }
  return merged as UnionToIntersection<T[number]>;
}

/** Every activity the worker registers, built over injected clients. */
export function createActivities(deps: ActivityDeps) {
  return mergeActivities(
    createHealthActivities(deps),
    createPaymentActivities(deps),
    createOpsActivities(deps),
    createTaskActivities(deps),
    createLlmActivities(deps),
    createMediaActivities(deps),
    createNotionIntakeActivities(deps),
    createNotionPublishActivities(deps),
  );
}
export type Activities = ReturnType<typeof createActivities>;
