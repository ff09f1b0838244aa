import { Tiktoken } from 'js-tiktoken/lite';
import o200kBase from 'js-tiktoken/ranks/o200k_base';

/** Tokens an answer is assumed to take before the provider reports `usage` (corrected afterwards). */
export const EXPECTED_COMPLETION_TOKENS = 500;
/** Per-message framing tokens of the chat format (OpenAI's published counting rule). */
const PER_MESSAGE = 4;

let encoder: Tiktoken | undefined;
/** o200k_base (gpt-4o family); for other models a close estimate, which `usage` corrects. */
const enc = () => (encoder ??= new Tiktoken(o200kBase));

/** Tokens a chat request will count against the provider's tokens/min: prompt plus the expected answer. */
export function estimateChatTokens(messages: readonly { content?: unknown }[], maxTokens?: number | null): number {
  let prompt = 3;
  for (const m of messages)
    prompt += PER_MESSAGE + (typeof m.content === 'string' ? enc().encode(m.content).length : 0);
  return prompt + (maxTokens ?? EXPECTED_COMPLETION_TOKENS);
}
