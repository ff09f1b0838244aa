import { Hono } from 'hono';
import { z } from 'zod';
import { budgetState } from '../../domain/client-budget';
import { marginMicroUsd } from '../../domain/margin';
import { formatCents, formatMicroUsd } from '../../domain/money';
import type { FinanceRow } from '../../infra/db/repositories/finance-metrics';
import type { AppEnv } from '../app-env';
import type { RouteContext } from '../app-deps';
import { fieldError } from '../errors';
import { onlyMethods } from '../method-guard';
import { validate } from '../validation';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'not a date');
export const financeQuery = z.object({ from: day.optional(), to: day.optional() }).strict();
const DAY_MS = 86_400_000;
const MAX_DAYS = 366;

/** One row with its margin (domain/margin.ts, the same rule the reports use). */
function view(r: FinanceRow, currency: string) {
  const net = r.revenueCents - r.refundsCents;
  const margin = marginMicroUsd(r.revenueCents, r.refundsCents, r.llmCostMicroUsd, currency);
  return {
    revenueCents: r.revenueCents,
    refundsCents: r.refundsCents,
    netRevenueCents: net,
    llmCostMicroUsd: r.llmCostMicroUsd,
    marginMicroUsd: margin,
    revenue: formatCents(r.revenueCents),
    refunds: formatCents(r.refundsCents),
    llmCostUsd: formatMicroUsd(r.llmCostMicroUsd),
    marginUsd: margin === null ? null : formatMicroUsd(margin),
  };
}

export function financeRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const p = ctx.payments;

  app.get('/', ctx.admin, async (c) => {
    const q = validate(financeQuery, c.req.query(), 'query');
    const to = q.to
      ? new Date(Date.parse(`${q.to}T00:00:00Z`) + DAY_MS)
      : new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + DAY_MS);
    const from = q.from ? new Date(`${q.from}T00:00:00Z`) : new Date(to.getTime() - 30 * DAY_MS);
    if (from >= to) throw fieldError('query', 'from', 'must be on or before to');
    if (to.getTime() - from.getTime() > MAX_DAYS * DAY_MS)
      throw fieldError('query', 'from', `range is limited to ${MAX_DAYS} days`);
    const currency = p.config.payments.currency;
    const [days, clients, budgeted, held] = await Promise.all([
      p.finance.perDay(from, to, currency),
      p.finance.perClient(from, to, currency),
      p.clients.withBudget(),
      p.clientStats.heldCountByClient(),
    ]);
    const spent = await p.clientStats.monthSpendByClient(budgeted.map((b) => b.id));
    const total = days.reduce<FinanceRow>(
      (acc, r) => ({
        key: 'total',
        revenueCents: acc.revenueCents + r.revenueCents,
        refundsCents: acc.refundsCents + r.refundsCents,
        llmCostMicroUsd: acc.llmCostMicroUsd + r.llmCostMicroUsd,
      }),
      { key: 'total', revenueCents: 0, refundsCents: 0, llmCostMicroUsd: 0 },
    );
    return c.json({
      from: from.toISOString().slice(0, 10),
      to: new Date(to.getTime() - DAY_MS).toISOString().slice(0, 10),
      currency,
      totals: view(total, currency),
      days: days.map((r) => ({ day: r.key, ...view(r, currency) })),
      clients: clients.map((r) => ({ clientId: r.key, ...view(r, currency) })),
      // This UTC month's LLM spend of each client with a cap, whatever the from/to range.
      budgets: budgeted.map((c) => {
        const b = budgetState(c.budgetMicroUsdPerMonth, spent.get(c.id) ?? 0);
        return {
          clientId: c.id,
          capMicroUsd: b.capMicroUsd,
          monthToDateMicroUsd: b.spentMicroUsd,
          usedPct: b.usedPct,
          exhausted: b.exhausted,
          heldTasks: held.get(c.id) ?? 0,
        };
      }),
    });
  });
  onlyMethods(app, '/', ['GET']);

  return app;
}
