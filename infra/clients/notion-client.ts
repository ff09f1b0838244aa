import { Client } from '@notionhq/client';
import type { Config } from '../config/load-config';
import { createRateLimiter } from '../notion/rate-limiter';

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
    timeoutMs: 30_000,
    retry: { maxRetries: 4, initialRetryDelayMs: 1_000, maxRetryDelayMs: 30_000 },
    fetch: async (url, init) => {
      await limiter.wait();
      return fetch(url, init);
    },
  });
}
