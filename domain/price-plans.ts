// Plan-level pricing inputs: the plan's clients taken together. Pure code (the workflow calls it).
import type { PricingInputs } from './price-advice';

/** The rates most of the plan's clients pay (ties: the lower pair), the plan's "current" rates. */
function commonRates(members: PricingInputs[]): PricingInputs['current'] {
  const counts = new Map<string, { n: number; rates: PricingInputs['current'] }>();
  for (const m of members) {
    const key = `${m.current.pricePerTaskCents}/${m.current.rateCentsPerMin}`;
    const e = counts.get(key) ?? { n: 0, rates: m.current };
    e.n++;
    counts.set(key, e);
  }
  const sorted = [...counts.values()].sort(
    (a, b) =>
      b.n - a.n ||
      a.rates.pricePerTaskCents - b.rates.pricePerTaskCents ||
      a.rates.rateCentsPerMin - b.rates.rateCentsPerMin,
  );
  return sorted[0]!.rates;
}

/** One PricingInputs per plan: sums of its clients' work and money, QA averaged over billed tasks. */
export function planInputs(clients: (PricingInputs & { plan: string })[]): PricingInputs[] {
  const byPlan = new Map<string, (PricingInputs & { plan: string })[]>();
  for (const c of clients) byPlan.set(c.plan, [...(byPlan.get(c.plan) ?? []), c]);
  return [...byPlan.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([plan, members]) => {
      const sum = (f: (m: PricingInputs) => number) => members.reduce((s, m) => s + f(m), 0);
      const rated = members.filter((m) => m.qaAvg !== null && m.billedTasks > 0);
      const ratedTasks = rated.reduce((s, m) => s + m.billedTasks, 0);
      const qaAvg = ratedTasks
        ? Math.round((rated.reduce((s, m) => s + m.qaAvg! * m.billedTasks, 0) / ratedTasks) * 10) / 10
        : null;
      return {
        subjectKind: 'plan' as const,
        subjectId: plan,
        lookbackDays: members[0]!.lookbackDays,
        billedTasks: sum((m) => m.billedTasks),
        failedTasks: sum((m) => m.failedTasks),
        lowQaTasks: sum((m) => m.lowQaTasks),
        attempts: sum((m) => m.attempts),
        qaAvg,
        textTasks: sum((m) => m.textTasks),
        textCostMicroUsd: sum((m) => m.textCostMicroUsd),
        mediaMinutes: sum((m) => m.mediaMinutes),
        mediaCostMicroUsd: sum((m) => m.mediaCostMicroUsd),
        paidCents: sum((m) => m.paidCents),
        refundedCents: sum((m) => m.refundedCents),
        current: commonRates(members),
      };
    });
}
