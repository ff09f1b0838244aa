import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { worstStatus, type OpsStatus } from '../domain/operator';
import { findingAlert, predictiveFindings } from '../domain/predictive';
import type { TrendFinding } from '../domain/trends';
import { notify } from './notify';

const { collectTrendData, storeOpsReport } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 3 },
});

export interface PredictiveAlertsResult {
  reportId: number;
  status: OpsStatus;
  findings: TrendFinding[];
}

/**
 * Predictive alerts (hourly): fits the last 24 h of failure rate, QA average, LLM cost and p95 latency,
 * alerts when a value is past its limit (critical) or projected to cross it soon (warning).
 */
export async function predictiveAlerts(): Promise<PredictiveAlertsResult> {
  const data = await collectTrendData();
  const findings = predictiveFindings(data);
  const alerts = findings.map(findingAlert).filter((a) => a !== undefined);
  const status = worstStatus(alerts.map((a) => a.severity));
  const summary = alerts.length ? alerts.map((a) => a.title).join('; ') : 'all metrics within limits';
  const reportId = await storeOpsReport({
    kind: 'predictive-alerts',
    status,
    summary,
    body: { findings, hours: data.hours },
  });
  await Promise.all(alerts.map((a) => notify(a)));
  return { reportId, status, findings };
}
