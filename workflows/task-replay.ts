import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { summarizeReplays, type ReplayCandidate, type ReplayOutcome } from '../domain/replay';

const { storeOpsReport } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5 },
});
const { replayTask } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumAttempts: 5 },
});

/**
 * One failed task re-run on the operator's request (`POST /api/tasks/:taskId/replay`): the same claim and
 * start as job replay (never two runs of one task), its outcome stored as a job-replay report.
 */
export async function taskReplay(candidate: ReplayCandidate): Promise<ReplayOutcome> {
  let outcome: ReplayOutcome;
  try {
    outcome = await replayTask({ routine: 'job-replay', candidate });
  } catch (err) {
    outcome = { taskId: candidate.taskId, status: 'error', reason: (err as Error).message };
  }
  const result = summarizeReplays('job-replay', [outcome]);
  await storeOpsReport({
    kind: 'job-replay',
    status: outcome.status === 'error' ? 'warning' : 'ok',
    summary: `one task replayed by the operator: ${outcome.status}`,
    body: result,
  });
  return outcome;
}
