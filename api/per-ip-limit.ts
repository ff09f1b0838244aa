import type { Context } from 'hono';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ApiError } from './errors';

/**
 * A per-IP limit for the public forms (DSR, unsubscribe), so they cannot be turned into a mail cannon
 * or an address oracle: over the limit, 429 with `Retry-After` naming what was limited.
 */
export function perIpLimit(
  opts: { points: number; windowSeconds: number; keyPrefix: string; what: string },
  clientIpOf: (c: Context) => string,
) {
  const limiter = new RateLimiterMemory({
    points: opts.points,
    duration: opts.windowSeconds,
    keyPrefix: opts.keyPrefix,
  });
  return async (c: Context): Promise<void> => {
    try {
      await limiter.consume(clientIpOf(c));
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      const wait = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
      throw new ApiError(429, 'too_many_requests', `Too many ${opts.what}; retry after ${wait} s`, undefined, {
        'Retry-After': String(wait),
      });
    }
  };
}

export type PerIpLimit = ReturnType<typeof perIpLimit>;
