import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { tooManyRequests, unauthorized } from '../errors';
import type { RateGuard } from './rate-guard';

/** Compares digests so neither the content nor the length of the key leaks through timing. */
export function keysMatch(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export interface DashAuthOptions {
  key: string;
  rateGuard: RateGuard;
  clientIp: (c: Context) => string;
  /** Called when a failure places a ban (the alert); must not throw. */
  onBan?: (ip: string, seconds: number) => void;
}

/** The key from `X-Dash-Key`, else from `Authorization: Bearer` (what the Temporal Web UI can send to the codec). */
const givenKey = (c: Context): string | undefined =>
  c.req.header('x-dash-key') ?? /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim();

/** `X-Dash-Key` guard for admin routes, with the failed-auth IP ban in front of it. */
export function dashAuth(opts: DashAuthOptions): MiddlewareHandler {
  return async (c, next) => {
    const ip = opts.clientIp(c);
    const banned = await opts.rateGuard.retryAfter(ip);
    if (banned !== undefined) throw tooManyRequests(banned);
    const given = givenKey(c);
    if (!given || !keysMatch(given, opts.key)) {
      const banSeconds = await opts.rateGuard.recordFailure(ip);
      if (banSeconds !== undefined) {
        opts.onBan?.(ip, banSeconds);
        throw tooManyRequests(banSeconds);
      }
      throw unauthorized();
    }
    await next();
  };
}
