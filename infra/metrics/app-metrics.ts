import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ModelCapacity } from '../llm/llm-capacity';
import { llmCapacityGauges } from './llm-capacity-metrics';

/** Ledger counts read at scrape time, so the gauge is never stale and costs nothing between scrapes. */
export type QueueDepthReader = () => Promise<{ queued: number; running: number }>;

/**
 * The application's Prometheus metrics (the Temporal SDK's own are on METRICS_PORT). One registry per
 * composition, so two platforms in one process (tests) never share counts. Recorded by activities and the
 * API, never by workflows (their code replays). Labels are bounded: models, statuses, providers,
 * channels and client ids, never task ids, emails or amounts.
 */
export function createAppMetrics(
  opts: { queueDepth?: QueueDepthReader; llmCapacity?: () => Promise<ModelCapacity[]> } = {},
) {
  const registry = new Registry();
  const r = [registry];
  const metrics = {
    registry,
    tasksFinished: new Counter({
      name: 'echopilot_tasks_finished_total',
      help: 'Task runs finished, by final status and client',
      labelNames: ['status', 'client'] as const,
      registers: r,
    }),
    telegramIgnored: new Counter({
      name: 'echopilot_telegram_ignored_updates_total',
      help: 'Telegram updates the bot did not act on, by reason (other_chat, not_command, duplicate)',
      labelNames: ['reason'] as const,
      registers: r,
    }),
    qaScore: new Histogram({
      name: 'echopilot_qa_score',
      help: 'QA scores (0-100) of evaluated answers',
      labelNames: ['model'] as const,
      buckets: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
      registers: r,
    }),
    llmDuration: new Histogram({
      name: 'echopilot_llm_request_duration_seconds',
      help: 'LLM request latency, by model and step (generate, qa, transcribe)',
      labelNames: ['model', 'step'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers: r,
    }),
    llmTokens: new Counter({
      name: 'echopilot_llm_tokens_total',
      help: 'LLM tokens used, by model and direction (input, output)',
      labelNames: ['model', 'direction'] as const,
      registers: r,
    }),
    llmCost: new Counter({
      name: 'echopilot_llm_cost_usd_total',
      help: 'LLM spend in USD at the configured prices, by model',
      labelNames: ['model'] as const,
      registers: r,
    }),
    llmRateLimited: new Counter({
      name: 'echopilot_llm_rate_limited_total',
      help: 'HTTP 429 answers from the LLM provider, by model',
      labelNames: ['model'] as const,
      registers: r,
    }),
    apiRateLimited: new Counter({
      name: 'echopilot_http_rate_limited_total',
      help: 'HTTP 429 answers of the API (failed-key ban)',
      registers: r,
    }),
    payments: new Counter({
      name: 'echopilot_payments_total',
      help: 'Payments recorded, by provider and currency',
      labelNames: ['provider', 'currency'] as const,
      registers: r,
    }),
    paymentAmount: new Counter({
      name: 'echopilot_payments_amount_cents_total',
      help: 'Amount of recorded payments in cents, by currency',
      labelNames: ['currency'] as const,
      registers: r,
    }),
    refunds: new Counter({
      name: 'echopilot_refunds_total',
      help: 'Refunds recorded, by source (api, provider) and status',
      labelNames: ['source', 'status'] as const,
      registers: r,
    }),
    alerts: new Counter({
      name: 'echopilot_alerts_total',
      help: 'Alert deliveries, by channel and outcome (sent, failed, suppressed, skipped)',
      labelNames: ['channel', 'outcome'] as const,
      registers: r,
    }),
    queueDepth: new Gauge({
      name: 'echopilot_queue_depth',
      help: 'Tasks waiting or in progress in the job ledger, by status',
      labelNames: ['status'] as const,
      registers: r,
      async collect() {
        if (!opts.queueDepth) return;
        const d = await opts.queueDepth();
        this.set({ status: 'queued' }, d.queued);
        this.set({ status: 'running' }, d.running);
      },
    }),
    ...llmCapacityGauges(r, opts.llmCapacity),
  };
  return metrics;
}
export type AppMetrics = ReturnType<typeof createAppMetrics>;

/** Every metric name the registry exposes, histogram and counter suffixes included (dashboard checks). */
export async function exposedMetricNames(metrics: AppMetrics): Promise<string[]> {
  const names: string[] = [];
  for (const m of await metrics.registry.getMetricsAsJSON()) {
    if (String(m.type) === 'histogram') names.push(`${m.name}_bucket`, `${m.name}_sum`, `${m.name}_count`);
    else names.push(m.name);
  }
  return names;
}
