import { centsToMicro } from './money';

/**
 * Margin = revenue − refunds − LLM cost, in micro-USD. LLM cost is USD, so the margin is only given when
 * invoices are in USD; other currencies show revenue and cost side by side (null). Shared by
 * `/api/finance-metrics` and the reports.
 */
export function marginMicroUsd(revenueCents: number, refundsCents: number, llmCostMicroUsd: number, currency: string) {
  return currency === 'usd' ? centsToMicro(revenueCents - refundsCents) - llmCostMicroUsd : null;
}
