import type { ReplayBatchResult, ReplaySelection } from '../domain/replay';
import { runReplayBatch } from './replay-batch';

/**
 * Job replay (daily 02:20; `POST /jobs/replay`): the original EchoPilot runbook's Failed-Final tasks of the last 14 days, at
 * most 10 per run, re-run. Never a cancelled or refunded task; never two runs of one task at once.
 */
export async function jobReplay(input: Partial<ReplaySelection> = {}): Promise<ReplayBatchResult> {
  return runReplayBatch('job-replay', input);
}
