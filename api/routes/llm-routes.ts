import { Hono } from 'hono';
import type { RouteContext } from '../app-deps';
import { onlyMethods } from '../method-guard';

/** The operator's view of LLM capacity (README "LLM capacity"): the shared pacer and its counters, per model. */
export function llmRoutes(ctx: RouteContext): Hono {
  const app = new Hono();

  app.get('/api/llm/capacity', ctx.admin, async (c) => {
    return c.json({
      pacing: ctx.config.llm.pacing,
      models: await ctx.llmCapacity.read(),
      generatedAt: new Date().toISOString(),
    });
  });
  onlyMethods(app, '/api/llm/capacity', ['GET']);

  return app;
}
