import { Hono } from 'hono';
import { z } from 'zod';
import { releaseBudgetHold } from '../../domain/contracts/task-messages';
import { formatCents } from '../../domain/money';
import { newClientId } from '../../infra/db/repositories/clients';
import type { RouteContext } from '../app-deps';
import type { AppEnv } from '../app-env';
import { cursorQueryField, encodeCursor } from '../keyset-cursor';
import { clientIdSchema, clientMoneyFields, createClientBody, updateClientBody } from '../client-schemas';
import { budgetView, clientView } from '../client-view';
import { ApiError, notFound } from '../errors';
import { onlyMethods } from '../method-guard';
import { taskView } from '../task-view';
import { parseJsonBody, validate } from '../validation';
import { attachReferralCode, checkReferralCode } from '../referral-work';

const RECENT_TASKS = 10;

export const clientListQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: cursorQueryField,
  })
  .strict();
export const clientIdParam = z.object({ clientId: clientIdSchema });

const isUniqueViolation = (err: unknown, constraint: string) => {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const c = e?.code === '23505' ? e : e?.cause?.code === '23505' ? e.cause : undefined;
  return !!c && (c.constraint ?? '').includes(constraint);
};
/** 409 naming the field; the address itself is personal data and never goes into an error. */
const taken = (field: 'email' | 'clientId') =>
  new ApiError(409, 'conflict', `Another client already has this ${field}`, { field });

/** Client records (admin): create, list, read with money and budget, change. */
export function clientRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const repo = ctx.payments.clients;
  const stats = ctx.payments.clientStats;
  const rate = ctx.config.pricing.defaultRateUsdPerMin;

  async function write<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      if (isUniqueViolation(err, 'email')) throw taken('email');
      if (isUniqueViolation(err, 'pkey')) throw taken('clientId');
      throw err;
    }
  }

  app.post('/', ctx.admin, async (c) => {
    const b = await parseJsonBody(c, createClientBody);
    if (b.referralCode) await checkReferralCode(ctx.intel.referrals, b.referralCode, b.clientId);
    const row = await write(() =>
      repo.insert({
        id: b.clientId ?? newClientId(),
        name: b.name,
        email: b.email,
        plan: b.plan,
        rateCentsPerMin: Math.round(rate * 100),
        ...clientMoneyFields(b),
        notifyOnDone: b.notifyOnDone,
      }),
    );
    if (b.referralCode) await attachReferralCode(ctx.intel.referrals, row.id, b.referralCode);
    return c.json({ ...clientView(row), ...(b.referralCode && { referralCode: b.referralCode }) }, 201);
  });

  app.get('/', ctx.admin, async (c) => {
    const q = validate(clientListQuery, c.req.query(), 'query');
    const rows = await repo.list({ limit: q.limit + 1, cursor: q.cursor });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return c.json({
      items: page.map(clientView),
      nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null,
    });
  });
  onlyMethods(app, '/', ['GET', 'POST']);

  app.get('/:clientId', ctx.admin, async (c) => {
    const { clientId } = validate(clientIdParam, c.req.param(), 'path');
    const client = await repo.get(clientId);
    if (!client) throw notFound(`Client ${clientId}`);
    const currency = ctx.payments.config.payments.currency;
    const [tasks, spent, held, revenue, open] = await Promise.all([
      ctx.tasks.list({ clientId, limit: RECENT_TASKS }),
      stats.monthSpendMicroUsd(clientId),
      stats.heldTasks(clientId),
      stats.revenue(clientId, currency),
      stats.openInvoices(clientId),
    ]);
    return c.json({
      ...clientView(client),
      budget: budgetView(
        client,
        spent,
        held.map((h) => h.taskId),
      ),
      revenue: {
        currency,
        ...revenue,
        netCents: revenue.paidCents - revenue.refundedCents,
        paid: formatCents(revenue.paidCents),
      },
      openInvoices: open.map((i) => ({
        ...i,
        amount: formatCents(i.amountCents),
        expiresAt: i.expiresAt.toISOString(),
      })),
      recentTasks: tasks.map((t) => taskView(t, undefined, rate)),
    });
  });

  app.patch('/:clientId', ctx.admin, async (c) => {
    const { clientId } = validate(clientIdParam, c.req.param(), 'path');
    const b = await parseJsonBody(c, updateClientBody);
    if (b.referralCode) {
      await checkReferralCode(ctx.intel.referrals, b.referralCode, clientId);
      if (!(await repo.get(clientId))) throw notFound(`Client ${clientId}`);
      await attachReferralCode(ctx.intel.referrals, clientId, b.referralCode);
    }
    const row = await write(() =>
      repo.update(clientId, {
        ...(b.name !== undefined && { name: b.name }),
        ...(b.email !== undefined && { email: b.email }),
        ...(b.plan !== undefined && { plan: b.plan }),
        ...(b.notifyOnDone !== undefined && { notifyOnDone: b.notifyOnDone }),
        ...clientMoneyFields(b),
      }),
    );
    if (!row) throw notFound(`Client ${clientId}`);
    // A changed cap wakes the held tasks: each checks the budget again and stays held if it is still spent.
    let recheckedHeldTasks = 0;
    if (b.budgetUsdPerMonth !== undefined) {
      for (const h of await stats.heldTasks(clientId)) {
        await ctx.temporal.workflow
          .getHandle(h.workflowId)
          .signal(releaseBudgetHold, { override: false })
          .then(() => recheckedHeldTasks++)
          .catch((err: unknown) => ctx.logger.warn({ err, taskId: h.taskId }, 'held task could not be signalled'));
      }
    }
    return c.json({ ...clientView(row), recheckedHeldTasks, ...(b.referralCode && { referralCode: b.referralCode }) });
  });
  onlyMethods(app, '/:clientId', ['GET', 'PATCH']);

  return app;
}
