import { cancellationSignal } from './activity-context';
import { ApplicationFailure, ApplicationFailureCategory, CancelledFailure } from '@temporalio/common';
import OpenAI, { type APIError } from 'openai';
import type { FailureType } from '../domain/task';

/** Longest wait we accept from a provider's Retry-After before retrying anyway. */
const MAX_RETRY_AFTER_MS = 10 * 60_000;

/** `Retry-After` (seconds or HTTP date) or `retry-after-ms`, in ms; undefined when absent or unusable. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = Number(headers.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return Math.min(ms, MAX_RETRY_AFTER_MS);
  const raw = headers.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.min(Math.max(at - now, 0), MAX_RETRY_AFTER_MS);
}

/** The SDK's APIError with its default type arguments: `instanceof` alone would type its fields as any. */
export const isProviderError = (err: unknown): err is APIError => err instanceof OpenAI.APIError;

/** A 429 without Retry-After waits this long before the next try. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 1_000;

const failure = (type: FailureType, message: string, nonRetryable: boolean, nextRetryDelay?: number, benign = false) =>
  ApplicationFailure.create({
    type,
    message,
    nonRetryable,
    ...(nextRetryDelay !== undefined ? { nextRetryDelay } : {}),
    // BENIGN: an expected wait, not an error (not logged or counted as a failed attempt by the SDK).
    ...(benign ? { category: ApplicationFailureCategory.BENIGN } : {}),
  });

/** What a provider error means for the outage tracker: a rate limit is not an outage. */
export function llmErrorKind(err: unknown): 'rate_limited' | 'transient' | 'other' {
  if (err instanceof OpenAI.APIConnectionError) return 'transient';
  if (isProviderError(err)) {
    const status = err.status ?? 0;
    if (status === 429) return 'rate_limited';
    if (status >= 500 || status === 408 || status === 409) return 'transient';
  }
  return 'other';
}

/** The provider's own words, without anything that could carry a secret. */
function providerReason(err: APIError): string {
  const body: unknown = err.error;
  const msg =
    body && typeof body === 'object' && 'message' in body && typeof body.message === 'string'
      ? body.message
      : err.message;
  return `${err.status ?? ''} ${msg}`.trim().slice(0, 500);
}

export const llmNotConfigured = () =>
  ApplicationFailure.nonRetryable(
    'LLM not configured: set AI_INTEGRATIONS_OPENAI_API_KEY (or OPENAI_API_KEY)',
    'llm_not_configured',
  );

/** The LLM client, or the non-retryable "LLM not configured" failure when no API key is set. */
export function requireLlm<T>(llm: T | undefined): T {
  if (!llm) throw llmNotConfigured();
  return llm;
}

/**
 * Maps an OpenAI SDK error to what Temporal should do with it: 429 → a benign retry after the wait the
 * provider asks; 5xx/network → retry with the policy's capped backoff (or Retry-After); 400/401/403/404/422 and content-policy refusals → fail now
 * with the provider's reason; a cancelled activity → CancelledFailure.
 */
export function mapLlmError(err: unknown, what: string): Error {
  const signal = cancellationSignal();
  if (signal?.aborted)
    return signal.reason instanceof CancelledFailure ? signal.reason : new CancelledFailure(`${what} cancelled`);
  if (err instanceof ApplicationFailure || err instanceof CancelledFailure) return err;
  if (err instanceof OpenAI.APIConnectionError) {
    // Includes timeouts: the endpoint did not answer; another try may.
    return failure('llm_unavailable', `${what}: LLM endpoint unreachable (${err.message})`, false);
  }
  if (isProviderError(err)) {
    const status = err.status ?? 0;
    if (status === 429) {
      // Waits as long as the provider asks, as often as it asks: the retry policy has no attempt limit.
      return failure(
        'llm_unavailable',
        `${what}: LLM rate limit (${providerReason(err)})`,
        false,
        retryAfterMs(err.headers) ?? DEFAULT_RATE_LIMIT_WAIT_MS,
        true,
      );
    }
    if (status >= 500 || status === 408 || status === 409) {
      return failure(
        'llm_unavailable',
        `${what}: LLM returned ${providerReason(err)}`,
        false,
        retryAfterMs(err.headers),
      );
    }
    return failure('llm_rejected', `${what}: LLM rejected the request: ${providerReason(err)}`, true);
  }
  return err instanceof Error ? err : new Error(String(err));
}
