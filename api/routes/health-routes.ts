import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import type { RouteContext } from '../app-deps';
import { onlyMethods } from '../method-guard';

async function probe(fn: () => Promise<unknown>): Promise<'ok' | 'fail'> {
  try {
    await fn();
    return 'ok';
  } catch {
    return 'fail';
  }
}

/** `GET /health`: public liveness, cheap, no secrets, 503 when a critical dependency is down. */
export function healthRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const [temporal, database] = await Promise.all([
      probe(() => ctx.temporal.workflowService.getSystemInfo({})),
      probe(ctx.pingDatabase),
    ]);
    const ok = temporal === 'ok' && database === 'ok';
    return c.json({ status: ok ? 'ok' : 'down', checks: { temporal, database }, buildId: ctx.buildId }, ok ? 200 : 503);
  });
  onlyMethods(app, '/', ['GET']);
  return app;
}
