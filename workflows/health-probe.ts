import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { HEALTH_CHECK_NAMES, overallStatus, type HealthCheck, type HealthStatus } from '../domain/health';

const { runHealthCheck, recordHealthReport } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 3, initialInterval: '1 second' },
});

export interface HealthProbeInput {
  /** What started the probe: `health-probe` / `heartbeat` schedule, `self-test` API call, … */
  source: string;
}

export interface HealthProbeResult {
  reportId: number;
  status: HealthStatus;
  checks: HealthCheck[];
}

/** The original EchoPilot runbook's 5-point health check as a durable workflow: run every check, fold, store. */
export async function healthProbe(input: HealthProbeInput): Promise<HealthProbeResult> {
  const checks = await Promise.all(HEALTH_CHECK_NAMES.map((name) => runHealthCheck(name)));
  const status = overallStatus(checks);
  const reportId = await recordHealthReport({ source: input.source, status, checks });
  return { reportId, status, checks };
}
