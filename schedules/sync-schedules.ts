import { ROUTINE_PRIORITY } from '../domain/task-priority';
import {
  ScheduleNotFoundError,
  type Client,
  type ScheduleDescription,
  type ScheduleOptionsAction,
  type ScheduleSummary,
} from '@temporalio/client';
import {
  SCHEDULE_ID_PREFIX,
  SCHEDULE_OWNER_MEMO,
  fullScheduleId,
  type ScheduleDefinition,
} from './schedule-definition';

export interface SyncResult {
  created: string[];
  updated: string[];
  deleted: string[];
}

function action(def: ScheduleDefinition, taskQueue: string): ScheduleOptionsAction {
  // Routines run before bulk tasks (lower priority key first). The SDK sends an action's priority
  // but its create-options type does not list it yet, hence the spread.
  const routinePriority = { priority: { priorityKey: ROUTINE_PRIORITY } };
  return {
    type: 'startWorkflow',
    workflowType: def.workflowType,
    args: def.args,
    taskQueue,
    workflowId: fullScheduleId(def.id),
    ...routinePriority,
  };
}

function isOwned(s: Pick<ScheduleSummary, 'scheduleId' | 'memo'>): boolean {
  return s.scheduleId.startsWith(SCHEDULE_ID_PREFIX) && s.memo?.owner === SCHEDULE_OWNER_MEMO.owner;
}

/** The platform's schedules currently on the server. */
export async function listOwnedSchedules(client: Client): Promise<ScheduleSummary[]> {
  const out: ScheduleSummary[] = [];
  for await (const s of client.schedule.list()) if (isOwned(s)) out.push(s);
  return out.sort((a, b) => a.scheduleId.localeCompare(b.scheduleId));
}

/**
 * Makes the server's schedules match the definitions: creates missing ones, updates existing ones
 * (keeping an operator's pause state and note), deletes owned schedules no longer defined.
 */
export async function syncSchedules(
  client: Client,
  defs: ScheduleDefinition[],
  taskQueue: string,
): Promise<SyncResult> {
  const result: SyncResult = { created: [], updated: [], deleted: [] };
  const wanted = new Map(defs.map((d) => [fullScheduleId(d.id), d]));

  for (const [scheduleId, def] of wanted) {
    const handle = client.schedule.getHandle(scheduleId);
    try {
      await handle.update((prev: ScheduleDescription) => ({
        ...prev,
        spec: def.spec,
        action: action(def, taskQueue),
        policies: { ...prev.policies, overlap: def.overlap, catchupWindow: def.catchupWindow },
        state: { ...prev.state }, // paused + note stay as the operator left them
      }));
      result.updated.push(scheduleId);
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
      await client.schedule.create({
        scheduleId,
        spec: def.spec,
        action: action(def, taskQueue),
        policies: { overlap: def.overlap, catchupWindow: def.catchupWindow },
        memo: { ...SCHEDULE_OWNER_MEMO, description: def.description },
        state: { note: def.description },
      });
      result.created.push(scheduleId);
    }
  }

  for (const s of await listOwnedSchedules(client)) {
    if (wanted.has(s.scheduleId)) continue;
    await client.schedule.getHandle(s.scheduleId).delete();
    result.deleted.push(s.scheduleId);
  }
  return result;
}
