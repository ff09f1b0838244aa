import { Client } from '@notionhq/client';
import type { Config } from '../config/load-config';
import { createRateLimiter } from '../notion/rate-limiter';

/** How long one HTTP exchange with Notion may take once the rate limiter has let it go. */
const EXCHANGE_TIMEOUT_MS = 30_000;
/**
 * The SDK's own bound races the whole call, time queued at the rate limiter included, and does not abort the
 * request: with it at 30 s a backlog of more than ~90 requests timed out while queued, and each was still sent
 * later, holding a slot for an answer nobody read. The exchange is bounded in `fetch` instead.
 */
const SDK_TIMEOUT_MS = 10 * 60_000;

/**
 * The official Notion SDK; undefined when NOTION_TOKEN is not set (Notion is optional). Every HTTP
 * request, the SDK's own 429 retries (which honour Retry-After) included, passes the rate limiter.
 */
export function createNotionClient(notion: Config['notion']): Client | undefined {
  if (!notion.token) return undefined;
  const limiter = createRateLimiter(notion.requestsPerSecond);
  return new Client({
    auth: notion.token,
    baseUrl: notion.baseUrl,
    timeoutMs: SDK_TIMEOUT_MS,
    retry: { maxRetries: 4, initialRetryDelayMs: 1_000, maxRetryDelayMs: 30_000 },
    fetch: async (url, init) => {
      await limiter.wait();
      return fetch(url, { ...init, signal: AbortSignal.timeout(EXCHANGE_TIMEOUT_MS) });
    },
  });
}
