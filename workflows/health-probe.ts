import { patched, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { NotionStatusResult } from '../activities/notion-status-activities';
import { HEALTH_CHECK_NAMES, overallStatus, type HealthCheck, type HealthStatus } from '../domain/health';

const { runHealthCheck, recordHealthReport } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 3, initialInterval: '1 second' },
});
// Six or so rows at the shared 3 requests/s, plus the SDK's own 429 back-off: more time than a check.
const { writeNotionStatus } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumAttempts: 3, initialInterval: '2 seconds' },
});

export interface HealthProbeInput {
  /** What started the probe: `health-probe` / `heartbeat` schedule, `self-test` API call, … */
  source: string;
}

export interface HealthProbeResult {
  reportId: number;
  status: HealthStatus;
  checks: HealthCheck[];
  /** Heartbeats only: the Notion Status database write (STATUS_DB_ID), or why it failed. */
  notionStatus?: NotionStatusResult | { written: false; reason: 'failed'; error: string };
}

/** The original EchoPilot runbook's 5-point health check as a durable workflow: run every check, fold, store. */
export async function healthProbe(input: HealthProbeInput): Promise<HealthProbeResult> {
  const checks = await Promise.all(HEALTH_CHECK_NAMES.map((name) => runHealthCheck(name)));
  const status = overallStatus(checks);
  const reportId = await recordHealthReport({ source: input.source, status, checks });
  if (input.source !== 'heartbeat' || !patched('notion-status-db')) return { reportId, status, checks };
  try {
    return { reportId, status, checks, notionStatus: await writeNotionStatus({ status, checks }) };
  } catch (err) {
    // The health report is stored either way; a Notion outage must not turn the heartbeat itself red.
    const error = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    return { reportId, status, checks, notionStatus: { written: false, reason: 'failed', error } };
  }
}
