import type { MiddlewareHandler } from 'hono';
import type { AppMetrics } from '../../infra/metrics/app-metrics';

/** Counts the API's 429 answers (failed-key ban), whichever route or handler produced them. */
export function statusMetrics(metrics: AppMetrics): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.res.status === 429) metrics.apiRateLimited.inc();
  };
}
