import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  summarizeReplays,
  type ReplayBatchResult,
  type ReplayOutcome,
  type ReplayRoutine,
  type ReplaySelection,
} from '../domain/replay';

const { findReplayCandidates, storeOpsReport } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5 },
});
const { replayTask } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumAttempts: 5 },
});

/** Shared by self-heal and job replay: select, start a new run of each (one at a time), store the outcome. */
export async function runReplayBatch(
  routine: ReplayRoutine,
  selection: Partial<ReplaySelection>,
): Promise<ReplayBatchResult> {
  const candidates = await findReplayCandidates({ routine, ...selection });
  const outcomes: ReplayOutcome[] = [];
  for (const candidate of candidates) {
    try {
      outcomes.push(await replayTask({ routine, candidate }));
    } catch (err) {
      outcomes.push({ taskId: candidate.taskId, status: 'error', reason: (err as Error).message });
    }
  }
  const result = summarizeReplays(routine, outcomes);
  await storeOpsReport({
    kind: routine,
    status: result.errors > 0 ? 'warning' : 'ok',
    summary: `${result.started} started, ${result.alreadyRunning} already running, ${result.notEligible} no longer eligible, ${result.errors} errors (of ${result.selected} selected)`,
    body: result,
  });
  return result;
}
