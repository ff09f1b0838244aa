import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import type { RouteContext } from '../app-deps';
import { onlyMethods } from '../method-guard';

/** The operator's view of LLM capacity (README "LLM capacity"), mounted at /api/llm. */
export function llmRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // The shared pacer and its counters, per model: all worker processes together.
  app.get('/capacity', ctx.admin, async (c) => {
    return c.json({
      pacing: ctx.config.llm.pacing,
      models: await ctx.llmCapacity.read(),
      generatedAt: new Date().toISOString(),
    });
  });
  onlyMethods(app, '/capacity', ['GET']);

  return app;
}
