import { ScheduleNotFoundError, type Client } from '@temporalio/client';
import { describeOwned, ScheduleNotOwnedError } from './manage-schedules';

/**
 * When platform schedule `id` next starts its workflow (ISO time), or null when no run is coming:
 * the schedule is not there (not synced yet, or deleted), not the platform's, paused, or has no future time.
 */
export async function nextScheduledRun(client: Client, id: string): Promise<string | null> {
  try {
    const v = await describeOwned(client, id);
    return v.paused ? null : (v.nextRuns[0] ?? null);
  } catch (err) {
    if (err instanceof ScheduleNotFoundError || err instanceof ScheduleNotOwnedError) return null;
    throw err;
  }
}
