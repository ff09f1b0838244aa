import type { ReportData } from '../domain/reports';
import type { OpsActivityDeps } from './ops-deps';

export function createReportActivities(deps: OpsActivityDeps) {
  const now = deps.now ?? (() => new Date());
  return {
    /** Everything the daily reports show, over the last `periodHours` and the period before it. */
    async collectReportData(input: { periodHours: number }): Promise<ReportData> {
      const until = now();
      const since = new Date(until.getTime() - input.periodHours * 3_600_000);
      const before = new Date(since.getTime() - input.periodHours * 3_600_000);
      const r = deps.reportData;
      /** LLM spend by model from the attempt ledger (cost at the time of the call). */
      const costByModel = async (from: Date, to: Date) =>
        (await deps.costLedger.byModel(from, to)).map(({ steps, ...m }) => ({ ...m, calls: steps }));
      const [
        outcomes,
        previous,
        previousCost,
        intake,
        spendByModel,
        topClients,
        latency,
        replays,
        alerts,
        health,
        operator,
        facts,
      ] = await Promise.all([
        r.outcomes(since, until),
        r.outcomes(before, since),
        costByModel(before, since),
        r.intake(since, until),
        costByModel(since, until),
        r.topClients(since, until, 5),
        deps.ledgerMetrics.latency(until, input.periodHours),
        deps.jobReplays.countSince(since),
        r.alertCounts(since, until),
        deps.healthReports.latest(),
        deps.opsReports.latest('auto-operator'),
        deps.reportFacts.facts(since, until, deps.config.payments.currency),
      ]);
      const referrals = await deps.referralTotals?.();
      return {
        periodStart: since.toISOString(),
        periodEnd: until.toISOString(),
        outcomes,
        previous: { ...previous, costMicroUsd: previousCost.reduce((s, m) => s + m.costMicroUsd, 0) },
        intake,
        costByModel: spendByModel,
        topClients,
        latency,
        replays,
        alerts,
        health: health ? { status: health.status, checkedAt: health.createdAt.toISOString() } : null,
        lastOperator: operator
          ? { status: operator.status, summary: operator.summary, checkedAt: operator.createdAt.toISOString() }
          : null,
        costTargetMicroUsdPerDay: deps.config.ops.costTargetMicroUsdPerDay,
        qaThreshold: deps.config.llm.qaThreshold,
        facts,
        ...(referrals ? { referrals } : {}),
      };
    },
  };
}
