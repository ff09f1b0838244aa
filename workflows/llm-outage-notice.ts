import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { Alert } from '../domain/alerts';

const { sendAlert } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  // The notice of an outage that ended must reach the operator however long the mail server stays down:
  // retried until delivered (a day at most); channels that already delivered it are suppressed by dedupe.
  scheduleToCloseTimeout: '24 hours',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * The end of an LLM provider outage told to the operator: the outage alert first when it was never
 * delivered (it fell due while a channel was down and no later failed call sent it again), then the
 * recovery. One run per outage (its workflow id carries the outage's start).
 */
export async function llmOutageNotice(alerts: Alert[]): Promise<void> {
  for (const alert of alerts) await sendAlert(alert);
}
