import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { RunSummaries, RunSummary } from '../infra/db/repositories/run-summaries';
import type { ScheduleView } from './manage-schedules';

/** How the schedule's latest run ended (or that it still runs), with what it stored, if anything. */
export interface ScheduleLastResult {
  workflowId: string;
  runId: string;
  startedAt: string;
  /** running, completed, failed, terminated, cancelled, timed_out, continued_as_new; unknown once Temporal forgot the run. */
  status: string;
  closedAt: string | null;
  /** The run's stored report (routine report or health probe): its status and one-line summary. */
  report: RunSummary | null;
}

export type ScheduleWithResult = ScheduleView & { lastResult: ScheduleLastResult | null };

/** The run's status as Temporal describes it; a run past the namespace's retention is `unknown`. */
async function runStatus(client: Client, workflowId: string): Promise<{ status: string; closedAt: string | null }> {
  try {
    // By workflow id alone: the latest run of the chain, so a continued-as-new routine shows its last run.
    const d = await client.workflow.getHandle(workflowId).describe();
    return { status: d.status.name.toLowerCase(), closedAt: d.closeTime?.toISOString() ?? null };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return { status: 'unknown', closedAt: null };
    throw err;
  }
}

/**
 * Each schedule with its last result: the newest action from the schedule's description, that run
 * described for its status, and the report it stored (looked up for all schedules in one go). The
 * CLI, which talks to Temporal only (the database may be held by the running platform), passes no
 * `summaries`: its reports stay null.
 */
export async function withLastResults(
  client: Client,
  views: ScheduleView[],
  summaries?: Pick<RunSummaries, 'byWorkflowIds'>,
): Promise<ScheduleWithResult[]> {
  const latest = views.map((v) => v.recentRuns[v.recentRuns.length - 1]);
  const ids = latest.flatMap((r) => (r ? [r.workflowId] : []));
  const [stored, statuses] = await Promise.all([
    summaries ? summaries.byWorkflowIds(ids) : new Map<string, RunSummary>(),
    Promise.all(latest.map((r) => (r ? runStatus(client, r.workflowId) : Promise.resolve(undefined)))),
  ]);
  return views.map((v, i) => {
    const r = latest[i];
    const s = statuses[i];
    if (!r || !s) return { ...v, lastResult: null };
    return {
      ...v,
      lastResult: {
        workflowId: r.workflowId,
        runId: r.runId,
        startedAt: r.takenAt,
        status: s.status,
        closedAt: s.closedAt,
        report: stored.get(r.workflowId) ?? null,
      },
    };
  });
}
