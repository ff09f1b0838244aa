import { ActivityFailure, ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';

const { gatherOpsPicture, storeOpsBrain } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 3 },
});
const { askOpsBrain } = proxyActivities<Activities>({
  startToCloseTimeout: '3 minutes',
  retry: { maximumAttempts: 3, nonRetryableErrorTypes: ['brain_output_invalid', 'llm_not_configured'] },
});

export interface OpsBrainResult {
  runId: string;
  recommendations: number;
  ids: number[];
  /** Relative to DATA_DIR. */
  file: string;
}

/**
 * AI ops brain (every 12 h and `POST /api/brain/decide`): the operational picture, QA_MODEL's advice,
 * stored. It recommends only; unparsable advice fails the run.
 */
export async function opsBrain(_input: { source: 'schedule' | 'api' }): Promise<OpsBrainResult> {
  const picture = await gatherOpsPicture();
  const recommendations = await askOpsBrain(picture).catch((err: unknown) => {
    // The run fails with the model's fault named, not a bare "Activity task failed".
    if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure)
      throw ApplicationFailure.nonRetryable(err.cause.message, err.cause.type ?? 'ops_brain_failed');
    throw err;
  });
  const runId = workflowInfo().runId;
  const stored = await storeOpsBrain({ runId, picture, recommendations });
  return { runId, recommendations: recommendations.length, ...stored };
}
