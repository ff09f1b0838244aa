import { proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { clientSyncRequested, type ClientSyncSummary } from '../domain/contracts/client-sync';

const { syncNotionClients, writePaidStateToNotion } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '1 minute', maximumAttempts: 5 },
});

export interface ClientSyncInput {
  /** `schedule` or `webhook`. */
  source: string;
}

/** Safety bound on back-to-back passes requested by a webhook storm within one run. */
const MAX_PASSES = 10;

/**
 * Syncs the Notion Client database both ways (schedule, and Notion webhooks). A webhook arriving
 * during a pass asks for one more, so an edit made mid-pass is never missed.
 */
export async function notionClientSync(input: ClientSyncInput): Promise<ClientSyncSummary[]> {
  let again = true;
  setHandler(clientSyncRequested, () => void (again = true));
  const passes: ClientSyncSummary[] = [];
  while (again && passes.length < MAX_PASSES) {
    again = false;
    passes.push(await syncNotionClients(input.source));
  }
  // Paid invoices of clients linked just now reach their rows without waiting for reconciliation.
  await writePaidStateToNotion();
  return passes;
}
