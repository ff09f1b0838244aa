import { Hono } from 'hono';
import { z } from 'zod';
import { INVOICE_STATUSES } from '../../domain/payments';
import type { InvoiceRow } from '../../infra/db/repositories/invoices';
import type { RouteContext } from '../app-deps';
import type { AppEnv } from '../app-env';
import { clientIdSchema } from '../client-schemas';
import { notFound } from '../errors';
import { invoiceDetail, invoiceView } from '../invoice-view';
import { onlyMethods } from '../method-guard';
import { validate } from '../validation';

const encodeCursor = (i: InvoiceRow) =>
  Buffer.from(JSON.stringify([i.createdAt.toISOString(), i.id])).toString('base64url');
function decodeCursor(raw: string): { createdAt: Date; id: string } | undefined {
  try {
    const [at, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as [string, string];
    const createdAt = new Date(at);
    return typeof id === 'string' && !Number.isNaN(createdAt.getTime()) ? { createdAt, id } : undefined;
  } catch {
    return undefined;
  }
}

export const invoiceListQuery = z
  .object({
    clientId: clientIdSchema.optional(),
    status: z.enum(INVOICE_STATUSES).optional(),
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
    return c.json({
      items: page.map(invoiceView),
      nextCursor: rows.length > q.limit ? encodeCursor(page.at(-1)!) : null,
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
