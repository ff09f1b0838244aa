/** The numbers every report shows for one period, computed from the ledger and payments (never by a model). */
export interface ReportFacts {
  periodStart: string;
  periodEnd: string;
  currency: string;
  revenueCents: number;
  refundsCents: number;
  /** Task LLM cost plus the platform's own calls (the brief's narrative, pricing AI, ops brain). */
  llmCostMicroUsd: number;
  /** Of llmCostMicroUsd, what the platform's own calls cost (billed to no client). */
  platformLlmCostMicroUsd: number;
  /** Revenue − refunds − LLM cost in micro-USD; null when invoices are not in USD. */
  marginMicroUsd: number | null;
  /** Tasks finished in the period by status (done, low_qa, failed). */
  tasksByStatus: Record<string, number>;
  qaAvg: number | null;
  /** Delivered tasks per QA score band. */
  qaDistribution: { band: string; tasks: number }[];
  p95Ms: number | null;
  topClients: { clientId: string; tasks: number; costMicroUsd: number; revenueCents: number }[];
  /** Per UTC day of the period, for the charts. */
  days: { day: string; tasks: number; revenueCents: number; llmCostMicroUsd: number; p95Ms: number | null }[];
}

/** QA score bands of the distribution (scores are 0–100). */
export const QA_BANDS = [
  { band: '0-59', lo: 0, hi: 59 },
  { band: '60-69', lo: 60, hi: 69 },
  { band: '70-79', lo: 70, hi: 79 },
  { band: '80-89', lo: 80, hi: 89 },
  { band: '90-100', lo: 90, hi: 100 },
] as const;

export const METRICS_PERIODS = { '24h': 24, '7d': 24 * 7, '30d': 24 * 30 } as const;
export type MetricsPeriod = keyof typeof METRICS_PERIODS;
