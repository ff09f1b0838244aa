import { Hono } from 'hono';
import { InvalidIpError } from '../../infra/security/rate-guard-admin';
import type { AppEnv } from '../app-env';
import type { RouteContext } from '../app-deps';
import { fieldError } from '../errors';
import { onlyMethods } from '../method-guard';

/**
 * The ban list (the original EchoPilot runbook's `rate_guard.py stats/clear`). Behind the admin guard, so
 * a banned address stays refused; another admin, or `echopilot rate-guard` on the host, lifts the ban.
 */
export function rateGuardRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const admin = ctx.securityAdmin;

  app.get('/', ctx.admin, async (c) => c.json(await admin.stats()));
  onlyMethods(app, '/', ['GET']);

  app.delete('/bans', ctx.admin, async (c) => c.json(await admin.clearAll()));
  onlyMethods(app, '/bans', ['DELETE']);

  app.delete('/bans/:ip', ctx.admin, async (c) => {
    try {
      return c.json(await admin.clear(c.req.param('ip')));
    } catch (err) {
      if (err instanceof InvalidIpError) throw fieldError('path', 'ip', err.reason);
      throw err;
    }
  });
  onlyMethods(app, '/bans/:ip', ['DELETE']);

  return app;
}
