import { readFile } from 'node:fs/promises';
import { Hono } from 'hono';
import { html } from 'hono/html';
import { dsrConfirmed, type DsrWorkflowInput } from '../../domain/contracts/dsr-messages';
import type { AppEnv } from '../app-env';
import type { RouteContext } from '../app-deps';
import { dsrExportParam, dsrRequestBody, dsrTicketParam } from '../dsr-schemas';
import { ApiError, unavailable } from '../errors';
import { onlyMethods } from '../method-guard';
import { parseJsonBody, validate } from '../validation';
import { perIpLimit } from '../per-ip-limit';
import { deliveryHeaders, plainPage } from './delivery-page';

/** Requests one IP may open per window (the public form must not become a mail cannon). */
const PER_IP_POINTS = 5;
const PER_IP_WINDOW_SECONDS = 3600;

const REFUSED = { malformed: 'not valid', tampered: 'not valid', expired: 'expired' } as const;

/**
 * The original's public `/dsr`: opening a data subject request (POST; other methods 405), the identity
 * confirmation behind the mailed link (GET shows a button, POST confirms, so link scanners confirm
 * nothing) and the signed download of an export.
 */
export function dsrRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { tickets, links, exports } = ctx.dsr;
  const limit = perIpLimit(
    { points: PER_IP_POINTS, windowSeconds: PER_IP_WINDOW_SECONDS, keyPrefix: 'dsr', what: 'data requests' },
    ctx.clientIpOf,
  );

  app.post('/', async (c) => {
    const b = await parseJsonBody(c, dsrRequestBody);
    // The identity check is a signed link by mail: without either, no request could ever be confirmed.
    if (!links.configured || !ctx.payments.mailer.configured)
      throw new ApiError(
        503,
        'dsr_unavailable',
        'Data requests need SESSION_SECRET and SMTP_URL (the confirmation mail)',
      );
    await limit(c);
    const { confirmTtlMs, slaMs, reminderMs } = ctx.dsr.config;
    const t = await tickets.open({ ...b, confirmBy: new Date(Date.now() + confirmTtlMs) });
    const input: DsrWorkflowInput = { ticketId: t.id, type: t.type, confirmTtlMs, slaMs, reminderMs };
    try {
      await ctx.temporal.workflow.start('dsrWorkflow', {
        workflowId: t.workflowId,
        taskQueue: ctx.config.temporal.taskQueue,
        args: [input],
      });
    } catch (err) {
      await tickets.close(t.id, 'failed', { outcome: 'failed', summary: 'the workflow could not be started' });
      ctx.logger.error({ err, ticketId: t.id }, 'DSR workflow start failed');
      throw unavailable('temporal');
    }
    ctx.logger.info({ ticketId: t.id, type: t.type }, 'DSR ticket opened'); // never the address
    return c.json(
      { ticketId: t.id, status: t.status, message: 'Check your email and confirm the request with the link we sent.' },
      202,
    );
  });
  onlyMethods(app, '/', ['POST']);

  app.get('/:ticketId/confirm', (c) => {
    deliveryHeaders(c);
    const { ticketId } = validate(dsrTicketParam, c.req.param(), 'path');
    const verdict = links.verifyConfirm(ticketId, c.req.query());
    if (verdict !== 'ok')
      return c.html(plainPage('Link not valid', html`<p>This link is ${REFUSED[verdict]}.</p>`), 403);
    c.header('Content-Security-Policy', "default-src 'none'; form-action 'self'; frame-ancestors 'none'");
    return c.html(
      plainPage(
        'Confirm your data request',
        html`<form method="post"><button type="submit">Yes, I made this request</button></form>`,
      ),
    );
  });

  app.post('/:ticketId/confirm', async (c) => {
    await limit(c);
    deliveryHeaders(c);
    const { ticketId } = validate(dsrTicketParam, c.req.param(), 'path');
    const verdict = links.verifyConfirm(ticketId, c.req.query());
    if (verdict !== 'ok')
      return c.html(plainPage('Link not valid', html`<p>This link is ${REFUSED[verdict]}.</p>`), 403);
    const t = await tickets.get(ticketId);
    if (!t || t.status === 'expired' || t.status === 'failed')
      return c.html(plainPage('Request closed', html`<p>This request is closed; please make a new one.</p>`), 410);
    if (t.status === 'awaiting_confirmation') await ctx.temporal.workflow.getHandle(t.workflowId).signal(dsrConfirmed);
    return c.html(plainPage('Request confirmed', html`<p>Thank you. We will answer within the legal deadline.</p>`));
  });
  onlyMethods(app, '/:ticketId/confirm', ['GET', 'POST']);

  app.get('/exports/:exportId', async (c) => {
    deliveryHeaders(c);
    const { exportId } = validate(dsrExportParam, c.req.param(), 'path');
    const verdict = links.verifyExport(exportId, c.req.query());
    if (verdict !== 'ok')
      return c.html(plainPage('Link not valid', html`<p>This link is ${REFUSED[verdict]}.</p>`), 403);
    const file = exports.zipPath(exportId);
    const zip = file ? await readFile(file).catch(() => undefined) : undefined;
    if (!zip) return c.html(plainPage('Not found', html`<p>This export no longer exists.</p>`), 404);
    c.header('Content-Type', 'application/zip');
    c.header('Content-Disposition', `attachment; filename="${exportId}.zip"`);
    return c.body(new Uint8Array(zip));
  });
  onlyMethods(app, '/exports/:exportId', ['GET']);

  return app;
}
