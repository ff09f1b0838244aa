import { Tiktoken } from 'js-tiktoken/lite';
import o200kBase from 'js-tiktoken/ranks/o200k_base';

/** Tokens an answer is assumed to take before the model has answered once (then learned, see below). */
export const EXPECTED_COMPLETION_TOKENS = 500;
/** Weight of each new answer in the running average of a model's completion tokens. */
const COMPLETION_AVERAGE_WEIGHT = 0.2;
/** Per-message framing tokens of the chat format (OpenAI's published counting rule). */
const PER_MESSAGE = 4;

let encoder: Tiktoken | undefined;
/** o200k_base (gpt-4o family); for other models a close estimate, which `usage` corrects. */
const enc = () => (encoder ??= new Tiktoken(o200kBase));

/**
 * Builds the tokenizer now: its first use takes about 400 ms of the event loop (the rank table), which at a
 * worker's first LLM call falls in the middle of the first burst of work and delays every call booked then.
 */
export function warmTokenEstimate(): void {
  enc();
}

/** Tokens a chat request will count against the provider's tokens/min: prompt plus the expected answer. */
export function estimateChatTokens(
  messages: readonly { content?: unknown }[],
  completionTokens: number = EXPECTED_COMPLETION_TOKENS,
): number {
  let prompt = 3;
  for (const m of messages)
    prompt += PER_MESSAGE + (typeof m.content === 'string' ? enc().encode(m.content).length : 0);
  return prompt + completionTokens;
}

/**
 * The answer length to expect per model, learned from `usage.completion_tokens`: the first answer replaces
 * the default, later ones move a running average. A fixed guess far above what a model really answers
 * reserves tokens/min the provider never counts: against a 150k tokens/min limit and 20-token answers, the
 * 500-token guess held calls to a fifth of the requests/min limit.
 */
export function completionTokenAverage() {
  const byModel = new Map<string, number>();
  return {
    expected: (model: string) => Math.round(byModel.get(model) ?? EXPECTED_COMPLETION_TOKENS),
    observe(model: string, completionTokens: number | undefined) {
      if (completionTokens === undefined || !Number.isFinite(completionTokens) || completionTokens < 0) return;
      const prev = byModel.get(model);
      byModel.set(
        model,
        prev === undefined ? completionTokens : prev + COMPLETION_AVERAGE_WEIGHT * (completionTokens - prev),
      );
    },
  };
}
