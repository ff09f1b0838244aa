import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import type { RouteContext } from '../app-deps';
import { onlyMethods } from '../method-guard';
import { withinMs } from '../temporal-deadline';

async function probe(fn: () => Promise<unknown>): Promise<'ok' | 'fail'> {
  try {
    await fn();
    return 'ok';
  } catch {
    return 'fail';
  }
}

/**
 * How long the Temporal check may take. Down, the SDK retries its call for about ten seconds before giving
 * up: a liveness probe (Docker, systemd, a load balancer) would time out instead of reading the 503.
 */
const TEMPORAL_PROBE_MS = 3_000;

/** `GET /health`: public liveness, cheap, no secrets, 503 when a critical dependency is down. */
export function healthRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const [temporal, database] = await Promise.all([
      probe(() => withinMs(ctx.temporal, TEMPORAL_PROBE_MS, () => ctx.temporal.workflowService.getSystemInfo({}))),
      probe(ctx.pingDatabase),
    ]);
    const ok = temporal === 'ok' && database === 'ok';
    return c.json({ status: ok ? 'ok' : 'down', checks: { temporal, database }, buildId: ctx.buildId }, ok ? 200 : 503);
  });
  onlyMethods(app, '/', ['GET']);
  return app;
}
