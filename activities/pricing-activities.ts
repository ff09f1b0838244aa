import { z } from 'zod';
import type { PricingAdvice, PricingInputs } from '../domain/price-advice';
import type { Config } from '../infra/config/load-config';
import type { PricingData } from '../infra/db/repositories/pricing-data';
import type { PricingRecommendations } from '../infra/db/repositories/pricing-recommendations';
import type { Logger } from '../infra/logger';
import { platformCompletion, type PlatformLlmDeps } from './platform-llm';

export interface PricingActivityDeps extends PlatformLlmDeps {
  config: Config;
  pricingData: PricingData;
  pricingRecommendations: PricingRecommendations;
  logger?: Logger;
  now?: () => Date;
}

const EXPLAIN_FORMAT = {
  type: 'json_schema',
  json_schema: {
    name: 'pricing_explanations',
    strict: true,
    schema: {
      type: 'object',
      properties: { explanations: { type: 'array', items: { type: 'string' } } },
      required: ['explanations'],
      additionalProperties: false,
    },
  },
} as const;
const explanations = z.object({ explanations: z.array(z.string().max(2000)) });

const SYSTEM =
  'You explain price recommendations to a business owner. For each numbered recommendation write two or three plain sentences saying what changes and why. Use only the numbers given; never invent or change a number. Reply with JSON {"explanations": [string, ...]} in the same order.';

/** Pricing AI: the facts per client, QA_MODEL's wording of the computed reasons, the stored run. */
export function createPricingActivities(deps: PricingActivityDeps) {
  return {
    async collectPricingInputs(): Promise<{ lookbackDays: number; clients: (PricingInputs & { plan: string })[] }> {
      const days = deps.config.intel.lookbackDays;
      const since = new Date((deps.now?.() ?? new Date()).getTime() - days * 86_400_000);
      return { lookbackDays: days, clients: await deps.pricingData.clientInputs(since, days) };
    },

    /**
     * One explanation per recommendation, or nulls: without an LLM key, or when the model's answer does not
     * fit, the computed reason stands alone (the numbers never depend on the model).
     */
    async explainPricing(advice: PricingAdvice[]): Promise<(string | null)[]> {
      const none = advice.map(() => null);
      const changing = advice.filter((a) => a.decision !== 'insufficient_data');
      const complete = platformCompletion(deps, 'pricing-explanation');
      if (!complete || changing.length === 0) return none;
      const listing = advice.map((a, i) => `${i + 1}. ${a.subjectKind} ${a.subjectId} (${a.decision}): ${a.reason}`);
      try {
        const res = await complete({
          model: deps.config.llm.qaModel,
          temperature: 0,
          response_format: EXPLAIN_FORMAT,
          messages: [
            { role: 'system', content: SYSTEM },
            { role: 'user', content: listing.join('\n') },
          ],
        });
        const parsed = explanations.safeParse(JSON.parse(res.choices[0]?.message.content ?? 'null'));
        if (!parsed.success || parsed.data.explanations.length !== advice.length) return none;
        return parsed.data.explanations;
      } catch (err) {
        deps.logger?.warn({ err }, 'pricing explanation unavailable; the computed reasons stand alone');
        return none;
      }
    },

    async storePricingRecommendations(input: {
      runId: string;
      advice: PricingAdvice[];
      explanations: (string | null)[];
    }): Promise<number[]> {
      return deps.pricingRecommendations.insertRun(input.runId, input.advice, input.explanations);
    },
  };
}
