import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { DriveDeliverySummary } from '../domain/contracts/drive-delivery';

const { deliverResultsToDrive } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 5 },
});

/** Uploads finished results to the clients' Google Drive folders (schedule; optional delivery). */
export async function driveDelivery(): Promise<DriveDeliverySummary> {
  return deliverResultsToDrive();
}
