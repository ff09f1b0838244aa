import { Hono } from 'hono';
import { html } from 'hono/html';
import { z } from 'zod';
import { ONE_CLICK_ROUTE } from '../../infra/delivery/unsubscribe-token';
import type { AppEnv } from '../app-env';
import type { UnsubscribeSource } from '../../infra/db/repositories/unsubscribes';
import type { RouteContext } from '../app-deps';
import { onlyMethods } from '../method-guard';
import { parseJsonBody, validate } from '../validation';
import { perIpLimit } from '../per-ip-limit';
import { deliveryHeaders, plainPage } from './delivery-page';

/** Unsubscribe requests one IP may make (API and one-click together) per window. */
const PER_IP_POINTS = 10;
const PER_IP_WINDOW_SECONDS = 600;

export const unsubscribeBody = z.object({ email: z.email().max(254) }).strict();
export const unsubscribeListQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: z.coerce.number().int().positive().optional(),
  })
  .strict();

/** The one answer of POST /api/customer/unsubscribe, whether or not the address is known. */
const DONE = { status: 'ok', message: 'If this address receives mail from us, it will receive no more optional mail.' };

/**
 * Unsubscribe: the public form (always the same 200, rate-limited per IP), RFC 8058 one-click POST to
 * the per-recipient URL in List-Unsubscribe (a GET only shows a button, so link scanners unsubscribe
 * nobody), and the operator's list of every unsubscribe with time and source.
 */
export function unsubscribeRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { unsubscribes, tokens } = ctx.delivery;
  const limit = perIpLimit(
    { points: PER_IP_POINTS, windowSeconds: PER_IP_WINDOW_SECONDS, keyPrefix: 'unsub', what: 'unsubscribe requests' },
    ctx.clientIpOf,
  );

  async function unsubscribe(email: string, source: UnsubscribeSource) {
    await unsubscribes.record(email, source);
    ctx.logger.info({ source }, 'unsubscribe recorded'); // never the address itself
  }

  app.post('/unsubscribe', async (c) => {
    await limit(c);
    const b = await parseJsonBody(c, unsubscribeBody);
    await unsubscribe(b.email, 'api');
    return c.json(DONE, 200);
  });
  onlyMethods(app, '/unsubscribe', ['POST']);

  app.get(ONE_CLICK_ROUTE, (c) => {
    deliveryHeaders(c);
    const email = tokens.emailOf(c.req.query('t') ?? '');
    if (!email) return c.html(plainPage('Link not valid', html`<p>This unsubscribe link is not valid.</p>`), 403);
    c.header('Content-Security-Policy', "default-src 'none'; form-action 'self'; frame-ancestors 'none'");
    return c.html(
      plainPage(
        'Unsubscribe',
        html`<form method="post">
          <input type="hidden" name="List-Unsubscribe" value="One-Click" /><button type="submit">
            Unsubscribe from optional emails
          </button>
        </form>`,
      ),
    );
  });

  app.post(ONE_CLICK_ROUTE, async (c) => {
    await limit(c);
    deliveryHeaders(c);
    const email = tokens.emailOf(c.req.query('t') ?? '');
    if (!email) return c.html(plainPage('Link not valid', html`<p>This unsubscribe link is not valid.</p>`), 403);
    await unsubscribe(email, 'one-click');
    return c.html(plainPage('Unsubscribed', html`<p>You will receive no more optional emails from us.</p>`));
  });
  onlyMethods(app, ONE_CLICK_ROUTE, ['GET', 'POST']);

  app.get('/unsubscribes', ctx.admin, async (c) => {
    const q = validate(unsubscribeListQuery, c.req.query(), 'query');
    const rows = await unsubscribes.list({ limit: q.limit, before: q.cursor });
    return c.json({
      items: rows.map((r) => ({
        id: r.id,
        email: r.email,
        source: r.source,
        unsubscribedAt: r.createdAt.toISOString(),
      })),
      nextCursor: rows.length === q.limit ? String(rows[rows.length - 1]!.id) : null,
    });
  });
  onlyMethods(app, '/unsubscribes', ['GET']);

  return app;
}
