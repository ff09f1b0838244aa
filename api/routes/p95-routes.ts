import { Hono } from 'hono';
import { P95_WINDOWS, type P95Window } from '../../infra/db/repositories/ledger-metrics';
import type { AppEnv } from '../app-env';
import type { RouteContext } from '../app-deps';
import { onlyMethods } from '../method-guard';

/** p50/p95/p99 processing latency per task type over 1 h, 24 h, 7 d; mounted at `/p95` by legacy-paths. */
export function p95Routes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', ctx.admin, async (c) => {
    const now = new Date();
    const entries = await Promise.all(
      (Object.entries(P95_WINDOWS) as [P95Window, number][]).map(
        async ([name, hours]) => [name, await ctx.ops.ledgerMetrics.latency(now, hours)] as const,
      ),
    );
    return c.json({
      generatedAt: now.toISOString(),
      basis:
        'processing latency (run start to completion) of tasks finished done or low_qa, per task type and in total (all); percentiles within 1% of exact (hourly latency histograms)',
      windows: Object.fromEntries(entries),
    });
  });
  onlyMethods(app, '/', ['GET']);
  return app;
}
