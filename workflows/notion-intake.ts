import { proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { notionIntakeRequested } from '../domain/contracts/task-messages';

const { pollNotionQueue, admitNotionRow } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 5 },
});

export interface NotionIntakeInput {
  /** `schedule` (every 60 s) or `webhook` (a Notion event asked for a poll now). */
  source: string;
}

export interface NotionIntakeResult {
  polls: number;
  found: number;
  started: string[];
}

/** Safety bound on back-to-back polls requested by a webhook storm within one run. */
const MAX_POLLS = 20;

/**
 * Polls the Automation Queue and admits every waiting row. Webhook deliveries arriving during a pass
 * ask for one more pass (signal), so an edit made mid-poll is never missed and a burst costs one poll.
 */
export async function notionIntake(input: NotionIntakeInput): Promise<NotionIntakeResult> {
  let again = true;
  setHandler(notionIntakeRequested, () => void (again = true));
  const result: NotionIntakeResult = { polls: 0, found: 0, started: [] };
  while (again && result.polls < MAX_POLLS) {
    again = false;
    result.polls++;
    const rows = await pollNotionQueue();
    result.found += rows.length;
    for (const row of rows) {
      const admitted = await admitNotionRow(row);
      if (admitted.started) result.started.push(admitted.taskId);
    }
  }
  void input;
  return result;
}
