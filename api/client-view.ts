import { budgetState } from '../domain/client-budget';
import { formatCents, formatMicroUsd } from '../domain/money';
import type { ClientRow } from '../infra/db/repositories/clients';

/** The address hinted, not shown: `j***@example.com` is enough to tell clients apart. */
export const maskEmail = (email: string | null) => {
  if (!email) return null;
  const at = email.indexOf('@');
  return at <= 0 ? '***' : `${email[0]}***${email.slice(at)}`;
};

/** A client as the API shows it: money in integer cents / micro-USD plus readable strings; email masked. */
export const clientView = (c: ClientRow) => ({
  clientId: c.id,
  name: c.name,
  email: maskEmail(c.email),
  plan: c.plan,
  rateCentsPerMin: c.rateCentsPerMin,
  ratePerMinuteUsd: formatCents(c.rateCentsPerMin),
  pricePerTaskCents: c.pricePerTaskCents,
  pricePerTaskUsd: formatCents(c.pricePerTaskCents),
  budgetMicroUsdPerMonth: c.budgetMicroUsdPerMonth,
  budgetUsdPerMonth: c.budgetMicroUsdPerMonth === null ? null : formatMicroUsd(c.budgetMicroUsdPerMonth),
  notifyOnDone: c.notifyOnDone,
  stripeCustomer: c.stripeCustomerId !== null,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});

/** This month's LLM spend against the cap, with the tasks waiting for it. */
export function budgetView(c: ClientRow, spentMicroUsd: number, heldTasks: string[]) {
  const b = budgetState(c.budgetMicroUsdPerMonth, spentMicroUsd);
  return {
    capMicroUsd: b.capMicroUsd,
    monthToDateMicroUsd: b.spentMicroUsd,
    monthToDateUsd: formatMicroUsd(b.spentMicroUsd),
    usedPct: b.usedPct,
    exhausted: b.exhausted,
    heldTasks,
  };
}
