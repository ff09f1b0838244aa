import {
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleDescription,
} from '@temporalio/client';
import { SCHEDULE_ID_PREFIX, SCHEDULE_OWNER_MEMO, fullScheduleId } from './schedule-definition';
import { listOwnedSchedules } from './sync-schedules';

/** Marks the pause of a "scheduler stop", so "start" resumes only those and keeps an operator's own pauses. */
export const SCHEDULER_STOP_MARK = '[scheduler-stop]';

/** Accepts `heartbeat` or `echopilot-heartbeat`. */
export const resolveScheduleId = (id: string) => (id.startsWith(SCHEDULE_ID_PREFIX) ? id : fullScheduleId(id));

export class ScheduleNotOwnedError extends Error {
  constructor(readonly scheduleId: string) {
    super(`${scheduleId} is not an EchoPilot schedule`);
    this.name = 'ScheduleNotOwnedError';
  }
}

export interface ScheduleView {
  id: string;
  scheduleId: string;
  description: string;
  workflowType: string;
  args: unknown[];
  spec: string;
  paused: boolean;
  note: string;
  overlap: string;
  catchupWindowSeconds: number;
  nextRuns: string[];
  recentRuns: { scheduledAt: string; takenAt: string; workflowId: string; runId: string }[];
  runningWorkflows: string[];
  actionsTaken: number;
}

const ms = (v: number) =>
  v % 3_600_000 === 0 ? `${v / 3_600_000}h` : v % 60_000 === 0 ? `${v / 60_000}m` : `${v / 1000}s`;
const two = (n: number) => String(n).padStart(2, '0');

/** One line for humans: `every 5m`, `every 1h (+10m)`, `daily 07:55 UTC`. */
export function specSummary(d: ScheduleDescription['spec']): string {
  const parts = (d.intervals ?? []).map(
    (i) => `every ${ms(Number(i.every))}${Number(i.offset ?? 0) ? ` (+${ms(Number(i.offset))})` : ''}`,
  );
  for (const c of d.calendars ?? []) {
    const h = c.hour[0]?.start ?? 0;
    const m = c.minute[0]?.start ?? 0;
    const dow =
      c.dayOfWeek.length === 1 && c.dayOfWeek[0]!.start === c.dayOfWeek[0]!.end ? `${c.dayOfWeek[0]!.start} ` : '';
    parts.push(c.comment ?? `${dow || 'daily '}${two(h)}:${two(m)} UTC`);
  }
  return parts.join('; ') || 'manual only';
}

function view(scheduleId: string, d: ScheduleDescription): ScheduleView {
  const action = d.action as { workflowType?: string; args?: unknown[] };
  return {
    id: scheduleId.slice(SCHEDULE_ID_PREFIX.length),
    scheduleId,
    description: typeof d.memo?.description === 'string' ? d.memo.description : '',
    workflowType: action.workflowType ?? 'unknown',
    args: action.args ?? [],
    spec: specSummary(d.spec),
    paused: d.state.paused,
    note: d.state.note ?? '',
    overlap: d.policies.overlap ?? ScheduleOverlapPolicy.SKIP,
    catchupWindowSeconds: Math.round(d.policies.catchupWindow / 1000),
    nextRuns: d.info.nextActionTimes.slice(0, 3).map((t) => t.toISOString()),
    recentRuns: d.info.recentActions.slice(-5).map((a) => ({
      scheduledAt: a.scheduledAt.toISOString(),
      takenAt: a.takenAt.toISOString(),
      workflowId: a.action.workflow.workflowId,
      runId: a.action.workflow.firstExecutionRunId,
    })),
    runningWorkflows: d.info.runningActions.map((a) => a.workflow.workflowId),
    actionsTaken: d.info.numActionsTaken,
  };
}

/** Describes a platform schedule; ScheduleNotFoundError / ScheduleNotOwnedError otherwise. */
export async function describeOwned(client: Client, id: string): Promise<ScheduleView> {
  const scheduleId = resolveScheduleId(id);
  const d = await client.schedule.getHandle(scheduleId).describe();
  if (d.memo?.owner !== SCHEDULE_OWNER_MEMO.owner) throw new ScheduleNotOwnedError(scheduleId);
  return view(scheduleId, d);
}

export async function listScheduleViews(client: Client): Promise<ScheduleView[]> {
  const out: ScheduleView[] = [];
  for (const s of await listOwnedSchedules(client)) {
    try {
      out.push(view(s.scheduleId, await client.schedule.getHandle(s.scheduleId).describe()));
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err; // deleted since the list
    }
  }
  return out;
}

/** `running` when no schedule is held by a scheduler stop, `stopped` when all are. */
export function schedulerState(views: ScheduleView[]): 'running' | 'stopped' | 'partially_stopped' {
  const stopped = views.filter((v) => v.paused && v.note.startsWith(SCHEDULER_STOP_MARK)).length;
  if (stopped === 0) return 'running';
  return views.every((v) => v.paused) ? 'stopped' : 'partially_stopped';
}

export async function pauseSchedule(client: Client, id: string, note: string): Promise<ScheduleView> {
  const v = await describeOwned(client, id);
  await client.schedule.getHandle(v.scheduleId).pause(note);
  return describeOwned(client, v.scheduleId);
}

export async function unpauseSchedule(client: Client, id: string, note: string): Promise<ScheduleView> {
  const v = await describeOwned(client, id);
  await client.schedule.getHandle(v.scheduleId).unpause(note);
  return describeOwned(client, v.scheduleId);
}

/** Runs the schedule's action now (overlap ALLOW_ALL: an operator's click always starts a run). */
export async function triggerSchedule(client: Client, id: string): Promise<ScheduleView> {
  const v = await describeOwned(client, id);
  await client.schedule.getHandle(v.scheduleId).trigger(ScheduleOverlapPolicy.ALLOW_ALL);
  return v;
}

/** Takes the actions the schedule would have taken between `start` and `end` (e.g. after an outage). */
/**
 * How many runs a backfill of [start, end] would start, counted by the server from the schedule's own
 * spec; counting stops past `limit` (a ten-year range of a minutely schedule is not listed in full).
 */
export async function backfillRunCount(
  client: Client,
  id: string,
  start: Date,
  end: Date,
  limit: number,
): Promise<number> {
  const v = await describeOwned(client, id);
  const ts = (d: Date) => ({ seconds: Math.floor(d.getTime() / 1000), nanos: (d.getTime() % 1000) * 1_000_000 });
  // The server lists every match of a window: a small first window, doubled while matches are few,
  // keeps both the listed times and the number of calls bounded for any range and spec.
  let count = 0;
  let from = start.getTime();
  let window = 24 * 3600 * 1000;
  while (from <= end.getTime() && count <= limit) {
    const to = Math.min(end.getTime(), from + window);
    const res = await client.workflowService.listScheduleMatchingTimes({
      namespace: client.options.namespace,
      scheduleId: v.scheduleId,
      startTime: ts(new Date(from)) as never,
      endTime: ts(new Date(to)) as never,
    });
    const found = res.startTime?.length ?? 0;
    count += found;
    if (found < limit / 4) window *= 2;
    from = to + 1;
  }
  return count;
}

export async function backfillSchedule(
  client: Client,
  id: string,
  start: Date,
  end: Date,
  overlap: ScheduleOverlapPolicy = ScheduleOverlapPolicy.ALLOW_ALL,
): Promise<ScheduleView> {
  const v = await describeOwned(client, id);
  await client.schedule.getHandle(v.scheduleId).backfill({ start, end, overlap });
  return v;
}

/** The platform's schedules among `scheduleIds` (its definitions) that exist on the server. */
async function definedViews(client: Client, scheduleIds: readonly string[]): Promise<ScheduleView[]> {
  const out: ScheduleView[] = [];
  for (const id of scheduleIds) {
    try {
      out.push(await describeOwned(client, id));
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError || err instanceof ScheduleNotOwnedError)) throw err;
    }
  }
  return out;
}

/**
 * The original EchoPilot runbook's "Stop Scheduler" button: pauses every active schedule of the platform's definitions,
 * marked as a scheduler stop.
 */
export async function stopScheduler(client: Client, scheduleIds: readonly string[], reason: string) {
  const paused: string[] = [];
  const alreadyPaused: string[] = [];
  for (const v of await definedViews(client, scheduleIds)) {
    if (v.paused) alreadyPaused.push(v.id);
    else {
      await client.schedule.getHandle(v.scheduleId).pause(`${SCHEDULER_STOP_MARK} ${reason}`);
      paused.push(v.id);
    }
  }
  return { paused, alreadyPaused };
}

/** "Start Scheduler": resumes what a scheduler stop paused; schedules paused individually stay paused. */
export async function startScheduler(client: Client, scheduleIds: readonly string[], reason: string) {
  const resumed: string[] = [];
  const keptPaused: string[] = [];
  for (const v of await definedViews(client, scheduleIds)) {
    if (!v.paused) continue;
    if (v.note.startsWith(SCHEDULER_STOP_MARK)) {
      await client.schedule.getHandle(v.scheduleId).unpause(reason);
      resumed.push(v.id);
    } else keptPaused.push(v.id);
  }
  return { resumed, keptPaused };
}
