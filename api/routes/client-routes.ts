import { Hono } from 'hono';
import { z } from 'zod';
import type { ClientRow } from '../../infra/db/repositories/clients';
import type { AppEnv } from '../app-env';
import type { RouteContext } from '../app-deps';
import { notFound } from '../errors';
import { onlyMethods } from '../method-guard';
import { taskView } from '../task-view';
import { validate } from '../validation';

const RECENT_TASKS = 10;

const encodeCursor = (c: ClientRow) =>
  Buffer.from(JSON.stringify([c.createdAt.toISOString(), c.id])).toString('base64url');
function decodeCursor(raw: string): { createdAt: Date; id: string } | undefined {
  try {
    const [at, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as [string, string];
    const createdAt = new Date(at);
    return typeof id === 'string' && !Number.isNaN(createdAt.getTime()) ? { createdAt, id } : undefined;
  } catch {
    return undefined;
  }
}

export const clientListQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z
      .string()
      .max(500)
      .transform((raw, zctx) => {
        const cursor = decodeCursor(raw);
        if (!cursor) zctx.addIssue({ code: 'custom', message: 'not a cursor returned by this API' });
        return cursor ?? z.NEVER;
      })
      .optional(),
  })
  .strict();
export const clientIdParam = z.object({
  clientId: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[\w.@:-]+$/, 'letters, digits and . _ - @ : only'),
});

/** The address hinted, not shown: `j***@example.com` is enough to tell clients apart. */
export const maskEmail = (email: string) => {
  const at = email.indexOf('@');
  return at <= 0 ? '***' : `${email[0]}***${email.slice(at)}`;
};

const clientView = (c: ClientRow) => ({
  clientId: c.id,
  name: c.name,
  email: maskEmail(c.email),
  plan: c.plan,
  rateCentsPerMin: c.rateCentsPerMin,
  stripeCustomer: c.stripeCustomerId !== null,
  createdAt: c.createdAt.toISOString(),
});

/** Read-only client views for the operator (the CLI's `clients list|show`). */
export function clientRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const repo = ctx.payments.clients;
  const rate = ctx.config.pricing.defaultRateUsdPerMin;

  app.get('/', ctx.admin, async (c) => {
    const q = validate(clientListQuery, c.req.query(), 'query');
    const rows = await repo.list({ limit: q.limit + 1, cursor: q.cursor });
    const page = rows.slice(0, q.limit);
    return c.json({
      items: page.map(clientView),
      nextCursor: rows.length > q.limit ? encodeCursor(page.at(-1)!) : null,
    });
  });
  onlyMethods(app, '/', ['GET']);

  app.get('/:clientId', ctx.admin, async (c) => {
    const { clientId } = validate(clientIdParam, c.req.param(), 'path');
    const client = await repo.get(clientId);
    if (!client) throw notFound(`Client ${clientId}`);
    const tasks = await ctx.tasks.list({ clientId, limit: RECENT_TASKS });
    return c.json({ ...clientView(client), recentTasks: tasks.map((t) => taskView(t, undefined, rate)) });
  });
  onlyMethods(app, '/:clientId', ['GET']);

  return app;
}
