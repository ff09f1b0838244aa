import { Hono } from 'hono';
import { z } from 'zod';
import { AUDIT_ACTIONS } from '../../domain/audit-actions';
import { formatCents } from '../../domain/money';
import { REFERRAL_CODE_RE } from '../../domain/referrals';
import { referralShareUrl, referralSignatureValid } from '../../infra/delivery/referral-link';
import type { AppEnv } from '../app-env';
import type { RouteContext } from '../app-deps';
import { clientIdSchema } from '../client-schemas';
import { ApiError, fieldError, notFound } from '../errors';
import { onlyMethods } from '../method-guard';
import { parseJsonBody, validate } from '../validation';

export const newReferralBody = z
  .object({
    clientId: clientIdSchema,
    rewardPercent: z.number().int().min(1).max(50).optional().describe('default REFERRAL_REWARD_PERCENT'),
  })
  .strict();
export const referralCodeParam = z.object({ code: z.string().regex(REFERRAL_CODE_RE, 'must look like EP-1A2B3C') });
export const referralLinkQuery = z.object({ sig: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'malformed signature') });

const linksNotConfigured = () =>
  new ApiError(503, 'referral_links_not_configured', 'Referral share links are signed: set SESSION_SECRET');

/** Mounted under `/api/growth`: referral codes (admin). */
export function growthRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const referrals = ctx.intel.referrals;
  const { sessionSecret } = ctx.config.auth;

  app.post('/referral/new', ctx.admin, async (c) => {
    const b = await parseJsonBody(c, newReferralBody);
    if (!sessionSecret) throw linksNotConfigured();
    if (!(await ctx.payments.clients.get(b.clientId)))
      throw fieldError('body', 'clientId', `no such client ${b.clientId} (create it with POST /api/clients)`);
    const rewardPercent = b.rewardPercent ?? ctx.config.intel.referralRewardPercent;
    const { code } = await referrals.create(b.clientId, rewardPercent);
    await ctx.operatorAudit.record(c, {
      action: AUDIT_ACTIONS.referralCreate,
      target: `referral:${code}`,
      details: { clientId: b.clientId, rewardPercent },
    });
    const shareUrl = referralShareUrl(ctx.config.payments.siteUrl, sessionSecret, code);
    return c.json({ code, shareUrl, clientId: b.clientId, rewardPercent }, 201);
  });
  onlyMethods(app, '/referral/new', ['POST']);

  app.get('/referrals', ctx.admin, async (c) => {
    const items = await referrals.summary();
    const currency = ctx.config.payments.currency;
    return c.json({
      currency,
      items: items.map((r) => ({ ...r, revenue: formatCents(r.revenueCents) })),
      totals: {
        codes: items.length,
        uses: items.reduce((s, r) => s + r.uses, 0),
        revenueCents: items.reduce((s, r) => s + r.revenueCents, 0),
      },
    });
  });
  onlyMethods(app, '/referrals', ['GET']);

  return app;
}

/** Mounted under `/referral` (public): a share link checks its signature and names its code and reward. */
export function referralPages(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { sessionSecret, sessionSecretPrevious } = ctx.config.auth;
  const altered = () =>
    new ApiError(403, 'invalid_referral_link', 'This referral link is not valid (altered or unknown)');

  app.get('/:code', async (c) => {
    if (!sessionSecret) throw linksNotConfigured();
    const { code } = validate(referralCodeParam, c.req.param(), 'path');
    const { sig } = validate(referralLinkQuery, c.req.query(), 'query');
    if (!referralSignatureValid([sessionSecret, sessionSecretPrevious], code, sig)) throw altered();
    const row = await ctx.intel.referrals.code(code);
    if (!row) throw notFound(`Referral code ${code}`);
    return c.json({
      code,
      valid: true,
      rewardPercent: row.rewardPercent,
      howToUse: 'give this code as referralCode when the account is created',
    });
  });
  onlyMethods(app, '/:code', ['GET']);

  return app;
}
