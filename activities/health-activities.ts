import { callerWorkflow } from './activity-context';
import type { HealthCheck, HealthCheckName, HealthStatus } from '../domain/health';
import type { HealthReportRepository } from '../infra/db/repositories/health-reports';
import type { HealthChecks } from '../infra/health/health-checks';

export interface HealthActivityDeps {
  checks: HealthChecks;
  healthReports: HealthReportRepository;
  buildId: string;
}

export function createHealthActivities(deps: HealthActivityDeps) {
  return {
    /** Runs one of the five checks. A failing check is a result, not an error: it never throws. */
    async runHealthCheck(name: HealthCheckName): Promise<HealthCheck> {
      return deps.checks[name]();
    },
    /** Stores the probe's outcome so `GET /api/system-health` can show it. Returns the report id. */
    async recordHealthReport(report: { source: string; status: HealthStatus; checks: HealthCheck[] }): Promise<number> {
      return deps.healthReports.insert({ ...report, workflowId: callerWorkflow().workflowId, buildId: deps.buildId });
    },
  };
}
export type HealthActivities = ReturnType<typeof createHealthActivities>;
