import { z } from 'zod';

/** `TASK_FAIRNESS_WEIGHTS`: the share of the task queue a client's plan gets, e.g. {"standard":1,"pro":3}. */
export const fairnessWeightsSchema = z.record(z.string().min(1), z.number().min(0.001).max(1000));
export type FairnessWeights = z.infer<typeof fairnessWeightsSchema>;

/** Plans without an entry (and clients without a row) weigh 1, Temporal's default. */
export const DEFAULT_FAIRNESS_WEIGHTS: FairnessWeights = { standard: 1 };
export const DEFAULT_FAIRNESS_WEIGHT = 1;

export const fairnessWeightOf = (weights: FairnessWeights, plan: string | undefined): number =>
  (plan !== undefined ? weights[plan] : undefined) ?? DEFAULT_FAIRNESS_WEIGHT;
