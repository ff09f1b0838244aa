import type { AppMetrics } from './app-metrics';

export interface LlmCallSample {
  model: string;
  /** routine: the platform's own calls (CEO brief, pricing AI, ops brain), billed to no client. */
  step: 'generate' | 'qa' | 'transcribe' | 'routine';
  seconds: number;
  inputTokens?: number;
  outputTokens?: number;
  costMicroUsd: number;
}

/** One answered LLM request: latency, tokens and cost under the model that answered. */
export function recordLlmCall(metrics: AppMetrics, s: LlmCallSample): void {
  metrics.llmDuration.observe({ model: s.model, step: s.step }, s.seconds);
  if (s.inputTokens) metrics.llmTokens.inc({ model: s.model, direction: 'input' }, s.inputTokens);
  if (s.outputTokens) metrics.llmTokens.inc({ model: s.model, direction: 'output' }, s.outputTokens);
  if (s.costMicroUsd > 0) metrics.llmCost.inc({ model: s.model }, s.costMicroUsd / 1_000_000);
}

/** A 429 from the provider (the activity retries after its Retry-After). */
export function recordLlmRateLimit(metrics: AppMetrics, model: string, err: unknown): void {
  if ((err as { status?: unknown } | null)?.status === 429) metrics.llmRateLimited.inc({ model });
}
