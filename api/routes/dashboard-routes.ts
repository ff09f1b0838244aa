import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import type { RouteContext } from '../app-deps';
import { ASSET_NAMES, dashboardAssets } from '../dashboard/dashboard-assets';
import { dashboardShell, loginPage } from '../dashboard/dashboard-pages';
import { SESSION_COOKIE, type DashboardSessions } from '../dashboard/dashboard-session';
import { clearSessionCookie, isHttps, setSessionCookie } from '../dashboard/session-auth';
import { dashboardHeaders } from '../dashboard/security-headers';
import { errorBody, notFound } from '../errors';
import { keysMatch } from '../middleware/dash-auth';
import { onlyMethods } from '../method-guard';
import { validate } from '../validation';
import { taskIdParam } from './task-routes';

const LOGIN_COOKIE = 'echopilot_dash_login';
export const assetParam = z.object({ file: z.enum(ASSET_NAMES) });

/** The form fields of a urlencoded or multipart body; anything else reads as no fields (a 400/403, never a 500). */
async function formOf(c: Context): Promise<Record<string, unknown>> {
  try {
    return await c.req.parseBody();
  } catch {
    return {};
  }
}

export interface DashboardRouteOptions {
  sessions: DashboardSessions;
  /** The ban alert dashAuth sends too: a wrong key here is a strike toward the same ban. */
  onBan: (ip: string, seconds: number) => void;
}

/** `/dashboard`: sign-in, the operator page, a task's page, sign-out, and the page's scripts and styles. */
export function dashboardRoutes(ctx: RouteContext, opts: DashboardRouteOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { sessions } = opts;
  const assets = dashboardAssets();
  const key = ctx.config.auth.dashboardKey ?? '';
  const secure = (c: Context) => isHttps(c, ctx.config.http.trustProxy);
  app.use(dashboardHeaders);

  /** A fresh login form; its nonce cookie lives under /dashboard only. */
  const showLogin = (c: Context, status: 200 | 400 | 401 | 403 | 429, error?: string) => {
    const nonce = sessions.loginNonce();
    const cookie = { path: '/dashboard', httpOnly: true, secure: secure(c), sameSite: 'Strict' as const };
    setCookie(c, LOGIN_COOKIE, nonce, { ...cookie, maxAge: 3600 });
    return c.html(loginPage(nonce, error), status);
  };
  const session = (c: Context) => sessions.verify(getCookie(c, SESSION_COOKIE));
  const shell = (c: Context, sid: string, expiresAt: number, taskId?: string) =>
    c.html(
      dashboardShell({
        csrf: sessions.csrfFor(sid),
        temporalUi: ctx.config.temporal.uiPublicUrl,
        namespace: ctx.config.temporal.namespace,
        expiresAt,
        taskId,
      }),
    );

  app.get('/', async (c) => {
    const s = await session(c);
    return s.ok ? shell(c, s.sid, s.expiresAt) : showLogin(c, 200);
  });
  onlyMethods(app, '/', ['GET']);

  app.get('/tasks/:taskId', async (c) => {
    const { taskId } = validate(taskIdParam, c.req.param(), 'path');
    const s = await session(c);
    return s.ok ? shell(c, s.sid, s.expiresAt, taskId) : c.redirect('/dashboard', 303);
  });
  onlyMethods(app, '/tasks/:taskId', ['GET']);

  app.post('/login', async (c) => {
    const ip = ctx.clientIpOf(c);
    const banned = await ctx.rateGuard.retryAfter(ip);
    if (banned !== undefined) {
      c.header('Retry-After', String(banned));
      return showLogin(c, 429, `Too many wrong keys from this address; try again in ${banned} s.`);
    }
    const form = await formOf(c);
    const nonce = getCookie(c, LOGIN_COOKIE);
    if (!nonce || typeof form.csrf !== 'string' || !keysMatch(form.csrf, nonce)) {
      return showLogin(c, 403, 'The form expired or did not come from this page; sign in again.');
    }
    if (typeof form.key !== 'string' || form.key === '') return showLogin(c, 400, 'Enter the dashboard key.');
    if (!keysMatch(form.key, key)) {
      const ban = await ctx.rateGuard.recordFailure(ip);
      if (ban === undefined) return showLogin(c, 401, 'Wrong key.');
      opts.onBan(ip, ban);
      c.header('Retry-After', String(ban));
      return showLogin(c, 429, `Too many wrong keys from this address; try again in ${ban} s.`);
    }
    const issued = sessions.issue();
    deleteCookie(c, LOGIN_COOKIE, { path: '/dashboard', secure: secure(c) });
    setSessionCookie(c, issued.token, sessions.ttlMs, secure(c));
    return c.redirect('/dashboard', 303);
  });
  onlyMethods(app, '/login', ['POST']);

  // Sign-out needs the session's CSRF token (a form field), so another site cannot log the operator out.
  app.post('/logout', async (c) => {
    const s = await session(c);
    const form = await formOf(c);
    const csrf = typeof form.csrf === 'string' ? form.csrf : c.req.header('x-csrf-token');
    if (s.ok && !sessions.csrfMatches(s.sid, csrf)) {
      return c.json(errorBody('csrf_failed', 'Missing or invalid CSRF token'), 403);
    }
    if (s.ok) await sessions.logout(s.sid, s.expiresAt);
    clearSessionCookie(c, secure(c));
    return c.redirect('/dashboard', 303);
  });
  onlyMethods(app, '/logout', ['POST']);

  app.get('/assets/:file', (c) => {
    const { file } = validate(assetParam, c.req.param(), 'path');
    const a = assets.get(file);
    if (!a) throw notFound(`Dashboard asset ${file}`);
    return c.body(a.body, 200, { 'Content-Type': a.type });
  });
  onlyMethods(app, '/assets/:file', ['GET']);

  return app;
}
