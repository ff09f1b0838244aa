import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { ALERT_CHANNELS } from '../../domain/alerts';
import type { AppEnv } from '../app-env';
import type { RouteContext } from '../app-deps';
import { onlyMethods } from '../method-guard';
import { parseJsonBody, validate } from '../validation';

export const alertsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
export const testAlertBody = z.object({ text: z.string().max(2000).optional() }).strict();

/** Mounted at `/api/alerts`: the channels, the alert history, and a test alert. */
export function alertRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { ops } = ctx;

  app.get('/', ctx.admin, async (c) => {
    const q = validate(alertsQuery, c.req.query(), 'query');
    const configured = ops.alerts.configured();
    const recent = await ops.alertStore.recent(q.limit);
    return c.json({
      channels: Object.fromEntries(
        ALERT_CHANNELS.map((ch) => [ch, configured.includes(ch) ? 'configured' : 'not_configured']),
      ),
      dedupeWindowMinutes: ctx.config.alerts.dedupeMinutes,
      recent: recent.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
    });
  });
  onlyMethods(app, '/', ['GET']);

  // Sends a test alert to every configured channel at once (never deduplicated: keyed per request).
  app.post('/test', ctx.admin, async (c) => {
    const b = await parseJsonBody(c, testAlertBody);
    const result = await ops.alerts.send({
      key: `test:${randomUUID()}`,
      severity: 'info',
      title: 'Test alert',
      text: b.text ?? 'EchoPilot alert channels work.',
    });
    return c.json(result);
  });
  onlyMethods(app, '/test', ['POST']);

  return app;
}
