import { log, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { Alert, AlertResult } from '../domain/alerts';

const { sendAlert } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  // A failed channel is retried a few times (the delivered ones are suppressed by dedupe), then given up.
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumAttempts: 3 },
});

/** Sends an alert; a channel that stays down is logged, never fails the routine that raised it. */
export async function notify(alert: Alert): Promise<AlertResult | undefined> {
  try {
    return await sendAlert(alert);
  } catch (err) {
    log.warn('alert not delivered on every channel', { key: alert.key, error: (err as Error).message });
    return undefined;
  }
}
