import { Hono } from 'hono';
import { z } from 'zod';
import { AUDIT_ACTIONS } from '../../domain/audit-actions';
import { targetLink, type BrainTargetKind } from '../../domain/ops-brain';
import type { OpsBrainRow } from '../../infra/db/repositories/ops-brain-store';
import type { opsBrain } from '../../workflows/ops-brain';
import type { AppEnv } from '../app-env';
import type { RouteContext } from '../app-deps';
import { ApiError } from '../errors';
import { onlyMethods } from '../method-guard';
import { runOps } from '../ops-run';
import { parseJsonBody, validate } from '../validation';
import { waitSecondsSchema as waitSeconds } from '../workflow-wait';

export const decideBody = z.object({ waitSeconds }).strict();
export const brainListQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    before: z.coerce.number().int().min(1).optional().describe('id of the last item of the previous page'),
  })
  .strict();

const brainView = (r: OpsBrainRow) => ({
  id: r.id,
  runId: r.runId,
  action: r.action,
  target: {
    kind: r.targetKind,
    id: r.targetId,
    link: targetLink({ kind: r.targetKind as BrainTargetKind, id: r.targetId }),
  },
  severity: r.severity,
  rationale: r.rationale,
  createdAt: r.createdAt.toISOString(),
});

/** Mounted under `/api/brain`: ask the AI ops brain now, list what it recommended. It never acts. */
export function brainRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/decide', ctx.admin, async (c) => {
    const b = await parseJsonBody(c, decideBody);
    if (!ctx.intel.llmConfigured)
      throw new ApiError(
        503,
        'llm_not_configured',
        'The AI ops brain needs an LLM: set AI_INTEGRATIONS_OPENAI_API_KEY (or OPENAI_API_KEY)',
      );
    return runOps<typeof opsBrain>(ctx, c, {
      workflowType: 'opsBrain',
      workflowId: 'ops-brain-api',
      input: { source: 'api' },
      waitSeconds: b.waitSeconds,
      action: AUDIT_ACTIONS.brainDecide,
    });
  });
  onlyMethods(app, '/decide', ['POST']);

  app.get('/recommendations', ctx.admin, async (c) => {
    const q = validate(brainListQuery, c.req.query(), 'query');
    const rows = await ctx.intel.opsBrain.list({ limit: q.limit + 1, before: q.before });
    const page = rows.slice(0, q.limit);
    return c.json({ items: page.map(brainView), nextBefore: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null });
  });
  onlyMethods(app, '/recommendations', ['GET']);

  return app;
}
