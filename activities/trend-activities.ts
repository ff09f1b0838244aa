import type { TrendData } from '../domain/predictive';
import type { OpsActivityDeps } from './ops-deps';

/** Hours of history the trend lines are fitted over, and the window of the "current" values. */
export const TREND_HOURS = 24;
export const RECENT_HOURS = 6;

export function createTrendActivities(deps: OpsActivityDeps) {
  const now = deps.now ?? (() => new Date());
  return {
    /** Hourly failure rate, QA average, LLM cost and p95 from the ledger, plus the configured limits. */
    async collectTrendData(): Promise<TrendData> {
      const t = now();
      const [hours, recent] = await Promise.all([
        deps.ledgerMetrics.hourly(t, TREND_HOURS),
        deps.ledgerMetrics.window(t, RECENT_HOURS),
      ]);
      const { ops, llm } = deps.config;
      return {
        hours,
        recent: { windowHours: RECENT_HOURS, ...recent },
        thresholds: {
          failureRatePct: ops.failureRateAlertPct,
          qaThreshold: llm.qaThreshold,
          p95Ms: ops.p95AlertMs,
          costTargetMicroUsdPerDay: ops.costTargetMicroUsdPerDay,
        },
      };
    },
  };
}
