import type { NotionPropertyNames } from '../domain/notion-properties';
import type { ClientStats } from '../infra/db/repositories/client-stats';
import type { ClientRow } from '../infra/db/repositories/clients';

/**
 * The money fields of a client's Notion row, from the platform (their system of record): rates,
 * price per task, budget, month-to-date LLM spend, revenue (paid minus refunded) and open invoices.
 */
export async function clientMoneyValues(
  stats: ClientStats,
  n: NotionPropertyNames['clients'],
  c: ClientRow,
  currency: string,
): Promise<Record<string, string | number | null>> {
  const [spendMicro, revenue, open] = await Promise.all([
    stats.monthSpendMicroUsd(c.id),
    stats.revenue(c.id, currency),
    stats.openInvoices(c.id),
  ]);
  return {
    [n.clientId]: c.id,
    [n.plan]: c.plan,
    [n.rate]: c.rateCentsPerMin / 100,
    [n.pricePerTask]: c.pricePerTaskCents / 100,
    [n.budget]: c.budgetMicroUsdPerMonth === null ? null : c.budgetMicroUsdPerMonth / 1_000_000,
    [n.spend]: Math.round(spendMicro / 10_000) / 100,
    [n.revenue]: (revenue.paidCents - revenue.refundedCents) / 100,
    [n.openInvoices]: open.length,
  };
}
