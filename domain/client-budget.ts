/** Per-client monthly LLM budgets (README "Clients and budgets"). Pure rules, shared by activities and API. */

/** The share of the cap at which the one alert of the month goes out. */
export const BUDGET_ALERT_SHARE = 0.8;

/** `YYYY-MM` of a UTC month, the key of the monthly alert and of month-to-date spend. */
export const utcMonth = (at: Date) => at.toISOString().slice(0, 7);
/** First day of the UTC month, `YYYY-MM-DD`. */
export const utcMonthStart = (at: Date) => `${utcMonth(at)}-01`;

export interface BudgetState {
  capMicroUsd: number | null;
  spentMicroUsd: number;
  /** spent / cap in percent (one decimal), null without a cap. */
  usedPct: number | null;
  /** True when the next LLM call may not start: the month's spend has reached the cap. */
  exhausted: boolean;
  /** True when the spend has reached the alert share of the cap. */
  alertDue: boolean;
}

/**
 * Checked before each LLM call: a call starts only while the spend is below the cap, so the month's
 * spend passes the cap by at most the cost of the one call that was already allowed.
 */
export function budgetState(capMicroUsd: number | null, spentMicroUsd: number): BudgetState {
  if (capMicroUsd === null) return { capMicroUsd, spentMicroUsd, usedPct: null, exhausted: false, alertDue: false };
  return {
    capMicroUsd,
    spentMicroUsd,
    usedPct: capMicroUsd === 0 ? 100 : Math.round((spentMicroUsd / capMicroUsd) * 1000) / 10,
    exhausted: spentMicroUsd >= capMicroUsd,
    alertDue: spentMicroUsd >= capMicroUsd * BUDGET_ALERT_SHARE,
  };
}
