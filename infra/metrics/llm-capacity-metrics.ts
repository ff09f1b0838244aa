import { Gauge, type Registry } from 'prom-client';
import type { ModelCapacity } from '../llm/llm-capacity';

/**
 * The operator's LLM capacity view (`GET /api/llm/capacity`) as gauges, read from the shared database at
 * scrape time: every worker and API process reports the same numbers, for all processes together.
 * Limits are per second (Prometheus base units); `source` is configured, learned or effective.
 */
export function llmCapacityGauges(registers: Registry[], read?: () => Promise<ModelCapacity[]>) {
  // One read per scrape, shared by the gauges' collect() calls.
  let pending: Promise<ModelCapacity[]> | undefined;
  const snapshot = () => {
    pending ??= (read ? read() : Promise.resolve([])).finally(() => setTimeout(() => (pending = undefined), 0));
    return pending;
  };
  const perSecond = (v: number | undefined) => (v === undefined ? undefined : v / 60);
  const limitGauge = (name: string, help: string, field: 'rpm' | 'tpm') =>
    new Gauge({
      name,
      help,
      labelNames: ['model', 'source'] as const,
      registers,
      async collect() {
        this.reset();
        for (const m of await snapshot()) {
          for (const source of ['configured', 'learned', 'effective'] as const) {
            const v = perSecond(m[source][field]);
            if (v !== undefined) this.set({ model: m.model, source }, v);
          }
        }
      },
    });
  const modelGauge = (name: string, help: string, value: (m: ModelCapacity) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['model'] as const,
      registers,
      async collect() {
        this.reset();
        for (const m of await snapshot()) this.set({ model: m.model }, value(m));
      },
    });
  return {
    llmLimitRequests: limitGauge(
      'echopilot_llm_limit_requests_per_second',
      'LLM provider request limit by model and source (configured, learned from x-ratelimit headers, effective)',
      'rpm',
    ),
    llmLimitTokens: limitGauge(
      'echopilot_llm_limit_tokens_per_second',
      'LLM provider token limit by model and source (configured, learned, effective)',
      'tpm',
    ),
    llmRequestRate: modelGauge(
      'echopilot_llm_request_rate_per_second',
      'LLM requests sent in the last 60 s, per second, all workers together',
      (m) => m.current.requestsPerMinute / 60,
    ),
    llmTokenRate: modelGauge(
      'echopilot_llm_token_rate_per_second',
      'LLM tokens used in the last 60 s, per second, all workers together',
      (m) => m.current.tokensPerMinute / 60,
    ),
    llmCallsWaiting: modelGauge(
      'echopilot_llm_calls_waiting',
      'LLM calls holding a reserved slot ahead of now (waiting for the provider limit)',
      (m) => m.callsWaiting,
    ),
    llmPacedLastMinute: modelGauge(
      'echopilot_llm_paced_last_minute',
      'LLM calls told to come back later by the pacer in the last 60 s',
      (m) => m.pacedLastMinute,
    ),
    llmRateLimitedLastHour: modelGauge(
      'echopilot_llm_rate_limited_last_hour',
      'HTTP 429 answers from the LLM provider in the last hour, all workers together',
      (m) => m.lastHour.rateLimited,
    ),
  };
}
