import { callerWorkflow } from './activity-context';
import { alertFailure, type FailureAlertDeps } from './failure-alerts';
import type { HealthCheck, HealthCheckName, HealthStatus } from '../domain/health';
import type { HealthReportRepository } from '../infra/db/repositories/health-reports';
import type { HealthChecks } from '../infra/health/health-checks';

export interface HealthActivityDeps extends FailureAlertDeps {
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
      const { workflowId } = callerWorkflow();
      const id = await deps.healthReports.insert({ ...report, workflowId, buildId: deps.buildId });
      const failing = report.checks.filter((c) => c.status === 'fail').map((c) => c.name);
      if (failing.length > 0)
        await alertFailure(deps, {
          subject: `health:${[...failing].sort().join(',')}`,
          severity: report.status === 'down' ? 'critical' : 'warning',
          title: `Health probe failed: ${failing.join(', ')}`,
          text: report.checks
            .filter((c) => c.status === 'fail')
            .map((c) => `${c.name}: ${c.detail}`)
            .join('\n'),
          workflowId,
        });
      return id;
    },
  };
}
export type HealthActivities = ReturnType<typeof createHealthActivities>;
