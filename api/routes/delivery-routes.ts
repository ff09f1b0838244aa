import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { deliveryPagePath } from '../../infra/delivery/delivery-links';
import { renderResultPdf } from '../../infra/pdf/result-pdf';
import type { RouteContext } from '../app-deps';
import type { AppEnv } from '../app-env';
import { ApiError, fieldError, notFound } from '../errors';
import { onlyMethods } from '../method-guard';
import { validate } from '../validation';
import { clientPage, deliveryHeaders, notFoundPage, refusalPage } from './delivery-page';

export const deliveryClientParam = z.object({ clientId: z.string().min(1).max(100) });
export const signedUrlQuery = z
  .object({
    taskId: z.string().min(1).max(200).optional(),
    ttlHours: z.coerce.number().positive('must be more than 0').max(24, 'must be at most 24 (hours)').default(24),
  })
  .strict();

const resultPath = (clientId: string, taskId: string, ext: 'md' | 'pdf') =>
  `${deliveryPagePath(clientId)}/results/${encodeURIComponent(taskId)}.${ext}`;

/**
 * Delivery links: the admin asks for a signed URL to a client's page (results and invoices); the
 * page and its downloads check the signature on every request. Refusals are a 403 page saying only
 * whether the link is malformed, altered, expired or revoked.
 */
/** Admin routes under /api/customer: issue and revoke a client's delivery links. */
export function deliveryRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { links, data } = ctx.delivery;
  const clients = ctx.payments.clients;

  const notConfigured = () =>
    new ApiError(503, 'delivery_links_not_configured', 'Delivery links are not configured: set SESSION_SECRET');

  app.get('/signed-url/:clientId', ctx.admin, async (c) => {
    const { clientId } = validate(deliveryClientParam, c.req.param(), 'path');
    const q = validate(signedUrlQuery, c.req.query(), 'query');
    if (!links.configured) throw notConfigured();
    if (!(await clients.get(clientId))) throw notFound('Client');
    if (q.taskId && !(await data.result(clientId, q.taskId))) {
      throw fieldError('query', 'taskId', 'no finished task of this client');
    }
    const scope = q.taskId ? `task:${q.taskId}` : 'all';
    const link = await links.issue(clientId, scope, Math.round(q.ttlHours * 3600));
    return c.json({ url: link.url, expiresAt: link.expiresAt.toISOString(), clientId, scope });
  });
  onlyMethods(app, '/signed-url/:clientId', ['GET']);

  app.post('/revoke-links/:clientId', ctx.admin, async (c) => {
    const { clientId } = validate(deliveryClientParam, c.req.param(), 'path');
    if (!(await clients.get(clientId))) throw notFound('Client');
    const r = await links.revoke(clientId);
    return c.json({ clientId, generation: r.generation, revokedAt: r.revokedAt.toISOString() });
  });
  onlyMethods(app, '/revoke-links/:clientId', ['POST']);

  return app;
}

/** The client's page and its downloads, mounted at /delivery: public, each request checked by its signature. */
export function deliveryPages(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { links, data } = ctx.delivery;
  const clients = ctx.payments.clients;
  const business = ctx.config.payments.businessName;

  /** Verifies the link for this exact path; a refusal answers the 403 page. */
  async function guard(c: Context, path: string, clientId: string) {
    deliveryHeaders(c);
    if (clientId.length > 100) return { refused: c.html(refusalPage(business, 'malformed'), 403) };
    const v = await links.verify('GET', path, clientId, c.req.query());
    if (!v.ok) return { refused: c.html(refusalPage(business, v.reason), 403) };
    return { v };
  }

  app.get('/:clientId', async (c) => {
    const clientId = c.req.param('clientId');
    const g = await guard(c, deliveryPagePath(clientId), clientId);
    if (g.refused) return g.refused;
    const client = await clients.get(clientId);
    if (!client) return c.html(notFoundPage(business), 404);
    const taskId = g.v.scope.startsWith('task:') ? g.v.scope.slice(5) : undefined;
    const claims = { clientId, scope: g.v.scope, exp: g.v.exp, gen: g.v.gen };
    const [results, invoices] = await Promise.all([data.results(clientId, taskId), data.invoices(clientId, taskId)]);
    return c.html(
      clientPage(business, {
        clientName: client.name ?? 'Your results',
        expiresAt: new Date(g.v.exp * 1000),
        results: results.map((r) => ({
          title: r.title,
          completedAt: r.completedAt,
          markdownUrl: links.signedUrl(resultPath(clientId, r.taskId, 'md'), claims),
          pdfUrl: links.signedUrl(resultPath(clientId, r.taskId, 'pdf'), claims),
        })),
        invoices: invoices.map((i) => ({
          ...i,
          payUrl: i.status === 'open' && i.checkoutUrl && i.expiresAt > new Date() ? i.checkoutUrl : undefined,
        })),
      }),
    );
  });

  app.get('/:clientId/results/:file', async (c) => {
    const clientId = c.req.param('clientId');
    const m = /^(.{1,200})\.(md|pdf)$/.exec(c.req.param('file'));
    if (!m) {
      deliveryHeaders(c);
      return c.html(refusalPage(business, 'malformed'), 403);
    }
    const [, taskId, ext] = m as unknown as [string, string, 'md' | 'pdf'];
    const g = await guard(c, resultPath(clientId, taskId, ext), clientId);
    if (g.refused) return g.refused;
    const scoped = g.v.scope === 'all' || g.v.scope === `task:${taskId}`;
    const r = scoped ? await data.result(clientId, taskId) : undefined;
    if (!r) return c.html(notFoundPage(business), 404);
    const name = `${r.taskId.replace(/[^A-Za-z0-9._-]/g, '_')}.${ext}`;
    c.header('Content-Disposition', `attachment; filename="${name}"`);
    if (ext === 'md') {
      c.header('Content-Type', 'text/markdown; charset=utf-8');
      return c.body(`# ${r.title}\n\n${r.result}\n`);
    }
    const pdf = await renderResultPdf({
      businessName: business,
      title: r.title,
      taskId: r.taskId,
      completedAt: r.completedAt,
      text: r.result,
    });
    c.header('Content-Type', 'application/pdf');
    return c.body(new Uint8Array(pdf));
  });
  onlyMethods(app, '/:clientId', ['GET']);
  onlyMethods(app, '/:clientId/results/:file', ['GET']);

  return app;
}
