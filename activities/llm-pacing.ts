import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import {
  PACE_FACTOR,
  configuredLimits,
  effectiveLimits,
  limitsFromHeaders,
  resetMs,
  type ModelLimits,
  type RateLimits,
} from '../domain/llm-limits';
import { queueRatePerSecond } from '../domain/llm-task-queues';
import type { LlmCallStats } from '../infra/llm/llm-call-stats';
import { PACER_HORIZON_MS, type LlmPacer } from '../infra/llm/llm-pacer';
import { completionTokenAverage, estimateChatTokens, warmTokenEstimate } from '../infra/llm/token-estimate';
import { retryAfterMs } from './llm-errors';

export interface LlmPacingDeps {
  pacer: LlmPacer;
  stats: LlmCallStats;
  rateLimits: RateLimits;
  defaultLimits: ModelLimits;
  /** LLM_PACING=false: send at once and let the provider's 429s pace (the benchmark's comparison). */
  enabled: boolean;
  /**
   * Sets a model's LLM task queue rate on the Temporal server (infra/temporal/llm-queue-rate.ts); absent
   * when this process's workers do not use the LLM task queues.
   */
  queueRate?: { apply(model: string, perSecond: number | undefined): Promise<unknown> };
}

export interface Admission {
  model: string;
  estimatedTokens: number;
  limits: ModelLimits;
  /** When the pacer reserved this call's slot (epoch ms, database clock); undefined when pacing is off. */
  bookedAt?: number;
  /** When the call left: the provider's reset times count from its arrival, not from our reading of the answer. */
  sentAt: number;
}

/**
 * How late after its slot a call may still go: half the spacing of the pacer's slots. Later than that it
 * lands nearer the next call's slot than its own, and with the calls after it on time the provider sees
 * two calls where the pacer booked one. Never less than the pacer's spare share of a one-second window
 * (1 / PACE_FACTOR - 1 of it), which a provider's rolling second absorbs.
 */
export const lateAfterMs = (spacingMs: number) => Math.max(spacingMs / 2, 1000 * (1 / PACE_FACTOR - 1));
const MAX_REBOOKS = 3;

/**
 * The gate every chat call passes: reserve a slot with the shared pacer (sleeping until it when it is
 * near, and booking again when it woke too late), or fail benignly with the wait so Temporal brings the
 * call back then; afterwards learn the provider's stated limits and correct the token estimate from `usage`.
 */
export function createLlmGate(deps: LlmPacingDeps) {
  warmTokenEstimate();
  const completions = completionTokenAverage();
  async function learnFrom(a: Admission, headers: Headers | undefined): Promise<void> {
    if (!headers) return;
    const changed = await deps.pacer.learn(
      a.model,
      limitsFromHeaders((n) => headers.get(n)),
    );
    // This worker's write changed the stated limit: move Temporal's dispatch rate with it, for every worker.
    // Below the configured limit (or with none configured) the server holds the queue to the stated one;
    // otherwise the rate set through the API is removed and the workers' configured rate applies again.
    if (changed && deps.queueRate) {
      const rpm = effectiveLimits(a.limits, changed).rpm;
      const perSecond = rpm !== undefined && rpm !== a.limits.rpm ? queueRatePerSecond(rpm) : undefined;
      // A server without UpdateTaskQueueConfig keeps the configured rate; the database pacer still holds
      // the stated one, so the answered call must not fail for it.
      await deps.queueRate.apply(a.model, perSecond).catch(() => undefined);
    }
    // Nothing left in the provider's window: nobody sends before it resets. The provider counted the reset
    // from when the call reached it; the answer comes a whole latency later, so holding from now would
    // leave that latency unused after every window that filled up.
    const reset =
      headers.get('x-ratelimit-remaining-requests') === '0'
        ? resetMs(headers.get('x-ratelimit-reset-requests'))
        : undefined;
    const wait = reset === undefined ? 0 : a.sentAt + reset - Date.now();
    if (wait > 0) await deps.pacer.holdUntil(a.model, wait);
  }

  return {
    async admit(model: string, messages: readonly { content?: unknown }[], signal: AbortSignal): Promise<Admission> {
      const limits = configuredLimits(deps.rateLimits, deps.defaultLimits, model);
      const estimatedTokens = estimateChatTokens(messages, completions.expected(model));
      if (!deps.enabled) return { model, estimatedTokens, limits, sentAt: Date.now() };
      for (let rebooked = 0; ; rebooked++) {
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
        // Woke well after the slot: this process was stalled (a busy event loop, e.g. while the API takes a
        // batch), and the calls booked after this one go out on time, so sending now would bunch them.
        // Take the next free slot instead, a few times at most so a process that is always late still sends.
        if (Date.now() - d.slotAt <= lateAfterMs(d.spacingMs) || rebooked === MAX_REBOOKS)
          return { model, estimatedTokens, limits, bookedAt: d.bookedAt, sentAt: Date.now() };
      }
    },

    async answered(
      a: Admission,
      usage: { prompt_tokens?: number; completion_tokens?: number } | undefined,
      headers: Headers | undefined,
    ): Promise<void> {
      const actual = usage ? (usage.prompt_tokens ?? 0) + (usage.completion_tokens ?? 0) : a.estimatedTokens;
      completions.observe(a.model, usage?.completion_tokens);
      await deps.stats.add(a.model, { calls: 1, tokens: actual });
      if (!deps.enabled) return;
      await learnFrom(a, headers);
      await deps.pacer.settle(a.model, actual - a.estimatedTokens, a.limits);
    },

    async rateLimited(a: Admission, headers: Headers | undefined): Promise<void> {
      await deps.stats.add(a.model, { calls: 1, rateLimited: 1 });
      if (!deps.enabled) return;
      await learnFrom(a, headers);
      // Paced and still refused: our rate is too high for the provider's window; learn to send slower.
      if (a.bookedAt !== undefined) await deps.pacer.slowDown(a.model, a.bookedAt);
      const wait = retryAfterMs(headers);
      if (wait) await deps.pacer.holdUntil(a.model, wait);
    },

    async failed(a: Admission): Promise<void> {
      await deps.stats.add(a.model, { calls: 1, failures: 1 });
    },
  };
}
export type LlmGate = ReturnType<typeof createLlmGate>;
