import type { ScheduleOverlapPolicy, ScheduleSpec } from '@temporalio/client';

/** Every schedule this platform owns carries this id prefix and memo; sync never touches others. */
export const SCHEDULE_ID_PREFIX = 'echopilot-';
export const SCHEDULE_OWNER_MEMO = { owner: 'echopilot' } as const;

export interface ScheduleDefinition {
  /** Short id; the Temporal schedule id is `echopilot-<id>`. */
  id: string;
  description: string;
  spec: ScheduleSpec;
  workflowType: string;
  args: unknown[];
  overlap: ScheduleOverlapPolicy;
  /** How far back missed runs are caught up after downtime. */
  catchupWindow: string;
}

export const fullScheduleId = (id: string) => `${SCHEDULE_ID_PREFIX}${id}`;
