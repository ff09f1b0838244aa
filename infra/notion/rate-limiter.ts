/**
 * Spaces request starts at least 1/rps apart (Notion allows ~3 requests/s per integration). Shared by
 * every call of one client, retries included, so a burst of tasks queues instead of earning 429s.
 */
export function createRateLimiter(requestsPerSecond: number) {
  const gapMs = 1000 / requestsPerSecond;
  let next = 0;
  return {
    async wait(): Promise<void> {
      const now = Date.now();
      const at = Math.max(now, next);
      next = at + gapMs;
      if (at > now) await new Promise((r) => setTimeout(r, at - now));
    },
  };
}
export type RateLimiter = ReturnType<typeof createRateLimiter>;
