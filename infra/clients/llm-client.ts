import OpenAI from 'openai';
import type { Config } from '../config/load-config';

/** The OpenAI SDK pointed at any OpenAI-compatible endpoint; undefined when no key is configured. */
export function createLlmClient(llm: Config['llm']): OpenAI | undefined {
  if (!llm.apiKey) return undefined;
  // Retries belong to Temporal (activity retry policy honouring Retry-After), not the SDK.
  return new OpenAI({ apiKey: llm.apiKey, baseURL: llm.baseUrl, maxRetries: 0, timeout: llm.timeoutMs });
}
