import { Hono } from 'hono';
import { z } from 'zod';
import { AUDIT_ACTIONS } from '../../domain/audit-actions';
import type { AppEnv } from '../app-env';
import type { RouteContext } from '../app-deps';
import { ApiError, fieldError, notFound } from '../errors';
import { onlyMethods } from '../method-guard';
import { validate } from '../validation';

export const exportDataQuery = z
  .object({
    clientId: z.string().min(1).max(100).optional(),
    email: z.email().max(254).optional(),
  })
  .strict();

/** `/api/compliance/export-data` (admin; the original's Phase 35): the subject export, answered with its manifest. */
export function complianceRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { exports } = ctx.dsr;

  app.get('/export-data', ctx.admin, async (c) => {
    const q = validate(exportDataQuery, c.req.query(), 'query');
    if (!q.clientId === !q.email)
      throw fieldError('query', q.clientId ? 'email' : 'clientId', 'give exactly one of clientId or email');
    if (!exports.configured()) throw new ApiError(503, 'export_unavailable', 'Export links need SESSION_SECRET');
    if (q.clientId && !(await ctx.payments.clients.get(q.clientId))) throw notFound(`Client ${q.clientId}`);
    const r = await exports.run(q.clientId ? { clientId: q.clientId } : { email: q.email! });
    await ctx.operatorAudit.record(c, {
      action: AUDIT_ACTIONS.dataExport,
      target: q.clientId ?? r.exportId,
      details: { exportId: r.exportId, files: r.manifest.files.length, by: q.clientId ? 'clientId' : 'email' },
    });
    return c.json({
      exportId: r.exportId,
      manifest: r.manifest,
      bytes: r.zipBytes,
      downloadUrl: r.downloadUrl,
      expiresAt: r.expiresAt,
    });
  });
  onlyMethods(app, '/export-data', ['GET']);

  return app;
}
