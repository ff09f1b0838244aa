import type OpenAI from 'openai';
import { tokenCostMicroUsd, type PriceTable } from '../domain/pricing';
import type { PlatformLlmLedger } from '../infra/db/repositories/platform-llm-ledger';
import type { AppMetrics } from '../infra/metrics/app-metrics';
import { recordLlmCall } from '../infra/metrics/record-llm-call';
import { activityCallKey, callerWorkflow } from './activity-context';

export type PlatformLlmPurpose = 'brief-narrative' | 'pricing-explanation' | 'ops-brain';
export type PlatformCompletion = (
  body: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming,
) => Promise<OpenAI.Chat.ChatCompletion>;

export interface PlatformLlmDeps {
  llm?: OpenAI;
  prices: PriceTable;
  platformLlm: PlatformLlmLedger;
  metrics?: AppMetrics;
}

/**
 * A chat completion made by a routine for the platform itself, recorded in the platform LLM ledger with
 * its tokens and cost (the task ledger's units and prices), so finance metrics and the reports count it
 * in LLM cost. Undefined without an LLM key. A failed call answered nothing billable and is not recorded.
 */
export function platformCompletion(deps: PlatformLlmDeps, purpose: PlatformLlmPurpose): PlatformCompletion | undefined {
  const llm = deps.llm;
  if (!llm) return undefined;
  return async (body) => {
    const started = performance.now();
    const res = await llm.chat.completions.create(body);
    const durationMs = Math.round(performance.now() - started);
    const model = res.model || body.model;
    const inputTokens = res.usage?.prompt_tokens ?? 0;
    const outputTokens = res.usage?.completion_tokens ?? 0;
    const costMicroUsd = tokenCostMicroUsd(deps.prices, model, inputTokens, outputTokens);
    await deps.platformLlm.record({
      callKey: `${activityCallKey()}/${purpose}`,
      purpose,
      model,
      inputTokens,
      outputTokens,
      costMicroUsd,
      workflowId: callerWorkflow().workflowId ?? null,
      durationMs,
    });
    if (deps.metrics)
      recordLlmCall(deps.metrics, {
        model,
        step: 'routine',
        seconds: durationMs / 1000,
        inputTokens,
        outputTokens,
        costMicroUsd,
      });
    return res;
  };
}
