import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import { configuredLimits, limitsFromHeaders, resetMs, type ModelLimits, type RateLimits } from '../domain/llm-limits';
import type { LlmCallStats } from '../infra/llm/llm-call-stats';
import { PACER_HORIZON_MS, type LlmPacer } from '../infra/llm/llm-pacer';
import { estimateChatTokens } from '../infra/llm/token-estimate';
import { retryAfterMs } from './llm-errors';

export interface LlmPacingDeps {
  pacer: LlmPacer;
  stats: LlmCallStats;
  rateLimits: RateLimits;
  defaultLimits: ModelLimits;
  /** LLM_PACING=false: send at once and let the provider's 429s pace (the benchmark's comparison). */
  enabled: boolean;
}

export interface Admission {
  model: string;
  estimatedTokens: number;
  limits: ModelLimits;
}

/**
 * The gate every chat call passes: reserve a slot with the shared pacer (sleeping until it when it is
 * near), or fail benignly with the wait so Temporal brings the call back then; afterwards learn the
 * provider's stated limits and correct the token estimate from `usage`.
 */
export function createLlmGate(deps: LlmPacingDeps) {
  async function learnFrom(model: string, headers: Headers | undefined): Promise<void> {
    if (!headers) return;
    await deps.pacer.learn(
      model,
      limitsFromHeaders((n) => headers.get(n)),
    );
    // Nothing left in the provider's window: nobody sends before it resets.
    const reset =
      headers.get('x-ratelimit-remaining-requests') === '0'
        ? resetMs(headers.get('x-ratelimit-reset-requests'))
        : undefined;
    if (reset) await deps.pacer.holdUntil(model, reset);
  }

  return {
    async admit(model: string, messages: readonly { content?: unknown }[], signal: AbortSignal): Promise<Admission> {
      const limits = configuredLimits(deps.rateLimits, deps.defaultLimits, model);
      const estimatedTokens = estimateChatTokens(messages);
      if (!deps.enabled) return { model, estimatedTokens, limits };
      const d = await deps.pacer.acquire(model, estimatedTokens, limits);
      if (!d.ok) {
        await deps.stats.add(model, { paced: 1 });
        // Spread the returning calls over one horizon so they do not come back as one herd.
        throw ApplicationFailure.create({
          type: 'llm_unavailable',
          message: `waiting for ${model} capacity (paced to the provider's limits)`,
          nextRetryDelay: Math.round(d.waitMs + Math.random() * PACER_HORIZON_MS),
          category: ApplicationFailureCategory.BENIGN,
        });
      }
      const waitMs = d.slotAt - Date.now();
      if (waitMs > 0) await sleep(waitMs, undefined, { signal });
      return { model, estimatedTokens, limits };
    },

    async answered(
      a: Admission,
      usage: { prompt_tokens?: number; completion_tokens?: number } | undefined,
      headers: Headers | undefined,
    ): Promise<void> {
      const actual = usage ? (usage.prompt_tokens ?? 0) + (usage.completion_tokens ?? 0) : a.estimatedTokens;
      await deps.stats.add(a.model, { calls: 1, tokens: actual });
      if (!deps.enabled) return;
      await learnFrom(a.model, headers);
      await deps.pacer.correctTokens(a.model, actual - a.estimatedTokens, a.limits);
    },

    async rateLimited(a: Admission, headers: Headers | undefined): Promise<void> {
      await deps.stats.add(a.model, { calls: 1, rateLimited: 1 });
      if (!deps.enabled) return;
      await learnFrom(a.model, headers);
      const wait = retryAfterMs(headers);
      if (wait) await deps.pacer.holdUntil(a.model, wait);
    },

    async failed(a: Admission): Promise<void> {
      await deps.stats.add(a.model, { calls: 1, failures: 1 });
    },
  };
}
export type LlmGate = ReturnType<typeof createLlmGate>;
