import { Hono } from 'hono';
import { AUDIT_ACTIONS } from '../../domain/audit-actions';
import { ipFingerprint } from '../../infra/security/audited-rate-guard';
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

  app.delete('/bans', ctx.admin, async (c) => {
    const result = await admin.clearAll();
    await ctx.operatorAudit.record(c, { action: AUDIT_ACTIONS.rateGuardClearAll, target: 'all', details: result });
    return c.json(result);
  });
  onlyMethods(app, '/bans', ['DELETE']);

  app.delete('/bans/:ip', ctx.admin, async (c) => {
    try {
      const result = await admin.clear(c.req.param('ip'));
      // An address is personal data: the log names it by a fingerprint.
      await ctx.operatorAudit.record(c, {
        action: AUDIT_ACTIONS.rateGuardClear,
        target: ipFingerprint(result.ip),
        details: { cleared: result.cleared },
      });
      return c.json(result);
    } catch (err) {
      if (err instanceof InvalidIpError) throw fieldError('path', 'ip', err.reason);
      throw err;
    }
  });
  onlyMethods(app, '/bans/:ip', ['DELETE']);

  return app;
}
