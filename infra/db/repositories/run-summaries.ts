import { desc, inArray } from 'drizzle-orm';
import type { HealthCheck } from '../../../domain/health';
import type { Db } from '../open-database';
import { healthReports, opsReports } from '../schema';

/** What a routine's run left behind, in one line: its stored report's status and summary. */
export interface RunSummary {
  /** ok | warning | critical (routine reports), ok | degraded | down (health probes). */
  status: string;
  summary: string;
}

const MAX_SUMMARY = 200;
const short = (text: string) => (text.length > MAX_SUMMARY ? `${text.slice(0, MAX_SUMMARY - 1)}…` : text);

/** A probe's line: the overall status and the checks that failed. */
const healthLine = (status: string, checks: HealthCheck[]) => {
  const failed = checks.filter((c) => c.status === 'fail').map((c) => c.name);
  return failed.length ? `${status}: ${failed.join(', ')} failed` : `${status}: ${checks.length} checks passed`;
};

/**
 * Looks up the outcome the routines store per run (routine reports, health probes) by the run's
 * workflow id, for the schedules list's "last result". The newest row wins when a run stored several.
 */
export function createRunSummaries(db: Db) {
  return {
    async byWorkflowIds(workflowIds: readonly string[]): Promise<Map<string, RunSummary>> {
      const out = new Map<string, RunSummary>();
      if (workflowIds.length === 0) return out;
      const ids = [...new Set(workflowIds)];
      const ops = await db
        .select({ workflowId: opsReports.workflowId, status: opsReports.status, summary: opsReports.summary })
        .from(opsReports)
        .where(inArray(opsReports.workflowId, ids))
        .orderBy(desc(opsReports.id));
      const probes = await db
        .select({ workflowId: healthReports.workflowId, status: healthReports.status, checks: healthReports.checks })
        .from(healthReports)
        .where(inArray(healthReports.workflowId, ids))
        .orderBy(desc(healthReports.id));
      for (const r of ops)
        if (!out.has(r.workflowId!)) out.set(r.workflowId!, { status: r.status, summary: short(r.summary) });
      for (const r of probes) {
        if (!out.has(r.workflowId!))
          out.set(r.workflowId!, { status: r.status, summary: healthLine(r.status, r.checks) });
      }
      return out;
    },
  };
}
export type RunSummaries = ReturnType<typeof createRunSummaries>;
