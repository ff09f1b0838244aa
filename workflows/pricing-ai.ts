import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { advisePricing, type PricingDecision, type PricingRules } from '../domain/price-advice';
import { planInputs } from '../domain/price-plans';

const { collectPricingInputs, storePricingRecommendations } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 3 },
});
const { explainPricing } = proxyActivities<Activities>({
  startToCloseTimeout: '3 minutes',
  retry: { maximumAttempts: 2 },
});

export interface PricingAiInput {
  source: 'schedule' | 'api';
  rules: PricingRules;
}

export interface PricingAiResult {
  runId: string;
  /** "not enough data" when no client or plan had enough billed work to judge. */
  message: string;
  recommendations: {
    id: number;
    subjectKind: 'client' | 'plan';
    subjectId: string;
    decision: PricingDecision;
    reason: string;
  }[];
}

/**
 * Pricing AI (daily 03:00 UTC and `POST /api/pricing/optimize`): per client and per plan, recommended
 * rates from the deterministic core, worded by QA_MODEL, stored. Nothing is applied here.
 */
export async function pricingAi(input: PricingAiInput): Promise<PricingAiResult> {
  const { clients } = await collectPricingInputs();
  const advice = [...clients, ...planInputs(clients)].map((i) => advisePricing(i, input.rules));
  const explanations = await explainPricing(advice);
  const runId = workflowInfo().runId;
  const ids = await storePricingRecommendations({ runId, advice, explanations });
  const judged = advice.filter((a) => a.decision !== 'insufficient_data').length;
  const message =
    advice.length === 0
      ? 'not enough data: no clients yet'
      : judged === 0
        ? `not enough data: no client or plan has ${input.rules.minTasks} billed tasks in the window; rates unchanged`
        : `${judged} of ${advice.length} recommendation(s) based on enough data; none applied`;
  return {
    runId,
    message,
    recommendations: advice.map((a, i) => ({
      id: ids[i]!,
      subjectKind: a.subjectKind,
      subjectId: a.subjectId,
      decision: a.decision,
      reason: a.reason,
    })),
  };
}
