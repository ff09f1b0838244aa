import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { Hono, type Context } from 'hono';
import { AUDIT_ACTIONS } from '../../domain/audit-actions';
import { DSR_STATE_CONFLICT, dsrDecide, dsrExtend, type DsrDecision } from '../../domain/contracts/dsr-messages';
import type { DsrTicketRow } from '../../infra/db/repositories/dsr-tickets';
import { encodeCursor } from '../keyset-cursor';
import type { AppEnv } from '../app-env';
import type { RouteContext } from '../app-deps';
import {
  dsrApproveBody,
  dsrExtendBody,
  dsrListQuery,
  dsrRejectBody,
  dsrTicketParam,
  dsrTicketView,
} from '../dsr-schemas';
import { ApiError, conflict, fieldError, notFound } from '../errors';
import { onlyMethods } from '../method-guard';
import { parseJsonBody, validate } from '../validation';

const DAY_MS = 86_400_000;

/** The workflow's refusal (validator or activity) as the answer the operator needs. */
function updateError(err: unknown): unknown {
  if (!(err instanceof WorkflowUpdateFailedError)) return err;
  let cause: unknown = err.cause;
  while (cause instanceof Error && !(cause instanceof ApplicationFailure) && cause.cause) cause = cause.cause;
  if (cause instanceof ApplicationFailure && cause.type === DSR_STATE_CONFLICT) return conflict(cause.message);
  if (cause instanceof ApplicationFailure && cause.type === 'dsr_extension_limit')
    return fieldError('body', 'extendBy', cause.message);
  return new ApiError(500, 'internal_error', 'The DSR workflow refused the action');
}

/** Operator routes of data subject requests under /api/dsr: list, one ticket, approve, reject, extend. */
export function dsrAdminRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { tickets } = ctx.dsr;

  /** The ticket, if it can take a decision or an extension now (404 unknown, 409 otherwise). */
  async function actionable(c: Context<AppEnv>): Promise<DsrTicketRow> {
    const { ticketId } = validate(dsrTicketParam, c.req.param(), 'path');
    const t = await tickets.get(ticketId);
    if (!t) throw notFound(`DSR ticket ${ticketId}`);
    if (t.status === 'awaiting_confirmation') throw conflict(`ticket ${ticketId} is not confirmed yet`);
    if (t.status !== 'confirmed') throw conflict(`ticket ${ticketId} is ${t.status}`);
    return t;
  }

  async function decide(c: Context<AppEnv>, t: DsrTicketRow, d: DsrDecision) {
    const handle = ctx.temporal.workflow.getHandle(t.workflowId);
    const progress = await handle.executeUpdate(dsrDecide, { args: [d] }).catch((err: unknown) => {
      throw updateError(err);
    });
    await ctx.operatorAudit.record(c, {
      action: AUDIT_ACTIONS.dsrDecision,
      target: t.id,
      details: { decision: d.decision, type: t.type },
    });
    return c.json({ ticketId: t.id, status: progress.status }, 202);
  }

  app.get('/', ctx.admin, async (c) => {
    const q = validate(dsrListQuery, c.req.query(), 'query');
    const rows = await tickets.list(q);
    const last = rows.length === q.limit ? rows[rows.length - 1] : undefined;
    return c.json({ items: rows.map(dsrTicketView), nextCursor: last ? encodeCursor(last.createdAt, last.id) : null });
  });
  onlyMethods(app, '/', ['GET']);

  app.get('/:ticketId', ctx.admin, async (c) => {
    const { ticketId } = validate(dsrTicketParam, c.req.param(), 'path');
    const t = await tickets.get(ticketId);
    if (!t) throw notFound(`DSR ticket ${ticketId}`);
    return c.json(dsrTicketView(t));
  });
  onlyMethods(app, '/:ticketId', ['GET']);

  app.post('/:ticketId/approve', ctx.admin, async (c) => {
    const b = await parseJsonBody(c, dsrApproveBody);
    const t = await actionable(c);
    if (t.type === 'rectification' && !b.changes?.name && !b.changes?.email)
      throw fieldError('body', 'changes', 'a rectification needs the corrected name and/or email');
    return decide(c, t, { decision: 'approve', actor: ctx.operatorAudit.actor, changes: b.changes });
  });
  onlyMethods(app, '/:ticketId/approve', ['POST']);

  app.post('/:ticketId/reject', ctx.admin, async (c) => {
    const b = await parseJsonBody(c, dsrRejectBody);
    const t = await actionable(c);
    return decide(c, t, { decision: 'reject', actor: ctx.operatorAudit.actor, reason: b.reason });
  });
  onlyMethods(app, '/:ticketId/reject', ['POST']);

  app.post('/:ticketId/extend', ctx.admin, async (c) => {
    const b = await parseJsonBody(c, dsrExtendBody);
    const t = await actionable(c);
    const max = ctx.dsr.config.maxExtensionMs;
    const used = t.extensions.reduce((n, e) => n + e.byMs, 0);
    if (used + b.extendBy > max)
      throw fieldError(
        'body',
        'extendBy',
        `extensions may add up to ${+(max / DAY_MS).toFixed(3)} days in total; ${+((max - used) / DAY_MS).toFixed(3)} left`,
      );
    const handle = ctx.temporal.workflow.getHandle(t.workflowId);
    const r = await handle
      .executeUpdate(dsrExtend, {
        args: [{ extendByMs: b.extendBy, reason: b.reason, actor: ctx.operatorAudit.actor }],
      })
      .catch((err: unknown) => {
        throw updateError(err);
      });
    await ctx.operatorAudit.record(c, {
      action: AUDIT_ACTIONS.dsrDecision,
      target: t.id,
      details: { decision: 'extend', type: t.type, extendByMs: b.extendBy, slaDueAt: r.slaDueAt },
    });
    return c.json({ ticketId: t.id, slaDueAt: r.slaDueAt, extendedByMs: used + b.extendBy });
  });
  onlyMethods(app, '/:ticketId/extend', ['POST']);

  return app;
}
