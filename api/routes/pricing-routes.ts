import { Hono } from 'hono';
import { z } from 'zod';
import { AUDIT_ACTIONS } from '../../domain/audit-actions';
import { formatCents } from '../../domain/money';
import { pricingRulesOf } from '../../domain/price-advice';
import type { PricingRecommendationRow } from '../../infra/db/repositories/pricing-recommendations';
import type { pricingAi } from '../../workflows/pricing-ai';
import type { AppEnv } from '../app-env';
import type { RouteContext } from '../app-deps';
import { conflict, notFound } from '../errors';
import { onlyMethods } from '../method-guard';
import { runOps } from '../ops-run';
import { parseJsonBody, validate } from '../validation';
import { waitSecondsSchema as waitSeconds } from '../workflow-wait';

export const optimizeBody = z.object({ waitSeconds }).strict();
export const recommendationsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    before: z.coerce.number().int().min(1).optional().describe('id of the last item of the previous page'),
    subjectId: z.string().trim().min(1).max(128).optional().describe('a client id or plan name'),
  })
  .strict();
export const recommendationIdParam = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });

const rates = (rateCentsPerMin: number, pricePerTaskCents: number) => ({
  ratePerMinuteUsd: formatCents(rateCentsPerMin),
  pricePerTaskUsd: formatCents(pricePerTaskCents),
});

export const recommendationView = (r: PricingRecommendationRow) => ({
  id: r.id,
  runId: r.runId,
  subjectKind: r.subjectKind,
  subjectId: r.subjectId,
  decision: r.decision,
  current: rates(r.currentRateCentsPerMin, r.currentPricePerTaskCents),
  recommended: rates(r.recommendedRateCentsPerMin, r.recommendedPricePerTaskCents),
  reason: r.reason,
  explanation: r.explanation,
  inputs: r.inputs,
  appliedAt: r.appliedAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
});

/** Mounted under `/api/pricing`: run the pricing AI, read its recommendations, apply one (audited). */
export function pricingRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const store = ctx.intel.pricingRecommendations;

  app.post('/optimize', ctx.admin, async (c) => {
    const b = await parseJsonBody(c, optimizeBody);
    return runOps<typeof pricingAi>(ctx, c, {
      workflowType: 'pricingAi',
      workflowId: 'pricing-ai-api',
      input: { source: 'api', rules: pricingRulesOf(ctx.config.intel) },
      waitSeconds: b.waitSeconds,
      action: AUDIT_ACTIONS.pricingOptimize,
    });
  });
  onlyMethods(app, '/optimize', ['POST']);

  app.get('/recommendations', ctx.admin, async (c) => {
    const q = validate(recommendationsQuery, c.req.query(), 'query');
    const rows = await store.list({ limit: q.limit + 1, before: q.before, subjectId: q.subjectId });
    const page = rows.slice(0, q.limit);
    return c.json({
      items: page.map(recommendationView),
      nextBefore: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null,
    });
  });
  onlyMethods(app, '/recommendations', ['GET']);

  app.post('/recommendations/:id/apply', ctx.admin, async (c) => {
    const { id } = validate(recommendationIdParam, c.req.param(), 'path');
    const rec = await store.get(id);
    if (!rec) throw notFound(`Pricing recommendation ${id}`);
    if (rec.decision === 'insufficient_data')
      throw conflict('this recommendation changes nothing (not enough data); there is nothing to apply');
    const applied = await store.apply(id);
    if (!applied) throw conflict(`pricing recommendation ${id} was applied already`);
    const { row, clientsUpdated } = applied;
    await ctx.operatorAudit.record(c, {
      action: AUDIT_ACTIONS.pricingApply,
      target: `pricing-recommendation:${id}`,
      details: {
        subjectKind: row.subjectKind,
        subjectId: row.subjectId,
        from: { rateCentsPerMin: row.currentRateCentsPerMin, pricePerTaskCents: row.currentPricePerTaskCents },
        to: { rateCentsPerMin: row.recommendedRateCentsPerMin, pricePerTaskCents: row.recommendedPricePerTaskCents },
        clientsUpdated,
      },
    });
    return c.json({ ...recommendationView(row), clientsUpdated });
  });
  onlyMethods(app, '/recommendations/:id/apply', ['POST']);

  return app;
}
