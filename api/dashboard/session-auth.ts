import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { CookieSessionAuth } from '../middleware/dash-auth';
import { CSRF_HEADER, SESSION_COOKIE, type DashboardSessions } from './dashboard-session';

/** The session cookie check dashAuth runs when a request carries no X-Dash-Key. */
export function sessionAuth(sessions: DashboardSessions): CookieSessionAuth {
  return {
    async check(c) {
      const token = getCookie(c, SESSION_COOKIE);
      if (token === undefined) return { status: 'none' };
      const s = await sessions.verify(token);
      if (!s.ok) return { status: s.reason };
      return { status: 'valid', csrfOk: sessions.csrfMatches(s.sid, c.req.header(CSRF_HEADER)) };
    },
  };
}

/**
 * https as the browser sees it: the request URL, or the proxy's X-Forwarded-Proto when TRUST_PROXY
 * says the proxy's headers are to be believed. Decides the cookie's Secure flag.
 */
export const isHttps = (c: Context, trustProxy: boolean): boolean =>
  new URL(c.req.url).protocol === 'https:' ||
  (trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https');

const cookieBase = (secure: boolean) => ({ path: '/', httpOnly: true, secure, sameSite: 'Strict' as const });

export function setSessionCookie(c: Context, token: string, maxAgeMs: number, secure: boolean): void {
  setCookie(c, SESSION_COOKIE, token, { ...cookieBase(secure), maxAge: Math.floor(maxAgeMs / 1000) });
}

export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, SESSION_COOKIE, cookieBase(secure));
}
