import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError, tooManyRequests, unauthorized } from '../errors';
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
  /** The dashboard's session cookie as a second way in (api/dashboard/session-auth.ts). */
  session?: CookieSessionAuth;
}

/** What the session cookie of a request says; `csrfOk` tells whether its CSRF token came along. */
export type CookieSessionState =
  { status: 'none' } | { status: 'valid'; csrfOk: boolean } | { status: 'expired' } | { status: 'tampered' };
export interface CookieSessionAuth {
  check(c: Context): Promise<CookieSessionState>;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const csrfRefused = () =>
  new ApiError(403, 'csrf_failed', 'Missing or invalid X-CSRF-Token header (sign in again from /dashboard)');
const sessionExpired = () => new ApiError(401, 'session_expired', 'The dashboard session has ended; sign in again');

/** The key from `X-Dash-Key`, else from `Authorization: Bearer` (what the Temporal Web UI can send to the codec). */
const givenKey = (c: Context): string | undefined =>
  c.req.header('x-dash-key') ?? /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim();

/**
 * `X-Dash-Key` guard for admin routes, with the failed-auth IP ban in front of it. The dashboard's
 * session cookie is accepted too; a missing or forged one counts as a failure like a wrong key.
 */
export function dashAuth(opts: DashAuthOptions): MiddlewareHandler {
  return async (c, next) => {
    const ip = opts.clientIp(c);
    const banned = await opts.rateGuard.retryAfter(ip);
    if (banned !== undefined) throw tooManyRequests(banned);
    const given = givenKey(c);
    // Without a key header, a browser's session cookie may stand in; state changes then need the CSRF token.
    const session = given === undefined ? await opts.session?.check(c) : undefined;
    if (session?.status === 'valid') {
      if (!SAFE_METHODS.has(c.req.method) && !session.csrfOk) throw csrfRefused();
      return next();
    }
    // A genuine session that timed out or was logged out is no wrong key: no strike toward the ban.
    if (session?.status === 'expired') throw sessionExpired();
    // No key and no cookie guesses nothing (a logged-out tab's last poll, a bare curl): 401, no strike.
    if (given === undefined && session?.status !== 'tampered') throw unauthorized();
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
