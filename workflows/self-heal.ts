import type { ReplayBatchResult, ReplaySelection } from '../domain/replay';
import { runReplayBatch } from './replay-batch';

/**
 * Self-heal (every SCHED_SELFHEAL_EVERY_HOURS; `POST /api/self-heal`): tasks that failed for a transient
 * reason in the look-back window get a new run, in a bounded batch, the replay count recorded.
 */
export async function selfHeal(input: Partial<ReplaySelection> = {}): Promise<ReplayBatchResult> {
  return runReplayBatch('self-heal', input);
}
