import { Hono } from 'hono';
import { z } from 'zod';
import { INVOICE_STATUSES } from '../../domain/payments';
import type { RouteContext } from '../app-deps';
import type { AppEnv } from '../app-env';
import { cursorQueryField, encodeCursor } from '../keyset-cursor';
import { clientIdSchema } from '../client-schemas';
import { notFound } from '../errors';
import { invoiceDetail, invoiceView } from '../invoice-view';
import { onlyMethods } from '../method-guard';
import { validate } from '../validation';

export const invoiceListQuery = z
  .object({
    clientId: clientIdSchema.optional(),
    status: z.enum(INVOICE_STATUSES).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: cursorQueryField,
  })
  .strict();
export const invoiceIdParam = z.object({ invoiceId: z.string().min(1).max(100) });

/** Invoices for the operator: newest first, filtered by client and status, one page at a time. */
export function invoiceListRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const p = ctx.payments;

  app.get('/', ctx.admin, async (c) => {
    const q = validate(invoiceListQuery, c.req.query(), 'query');
    const rows = await p.invoiceWork.list({
      clientId: q.clientId,
      status: q.status,
      limit: q.limit + 1,
      cursor: q.cursor,
    });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return c.json({
      items: page.map(invoiceView),
      nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null,
    });
  });
  onlyMethods(app, '/', ['GET']);

  app.get('/:invoiceId', ctx.admin, async (c) => {
    const { invoiceId } = validate(invoiceIdParam, c.req.param(), 'path');
    const inv = await p.invoices.get(invoiceId);
    if (!inv) throw notFound('Invoice');
    return c.json(await invoiceDetail(p, inv));
  });
  onlyMethods(app, '/:invoiceId', ['GET']);

  return app;
}
