import type { RouteDoc } from './route-doc';

export const llmDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/llm/capacity',
    tag: 'LLM',
    auth: 'dashKey',
    summary: 'LLM capacity per model: limits, current rate, waiting calls, 429s',
    description:
      'Per model: the configured limits (LLM_RATE_LIMITS, LLM_RPM, LLM_TPM), the limits learned from the ' +
      "provider's x-ratelimit-limit-* headers, the effective limits (the lower of both) and the pace the " +
      'platform sends at, the requests and tokens of the last 60 s, the calls waiting for a slot, the calls ' +
      'told to come back later in the last minute, and the calls, 429 answers and other failures of the last ' +
      'hour. All worker processes together (read from the shared database).',
    responses: {
      200: '`{ pacing, models: [{ model, configured, learned, effective, pacedAt, current, callsWaiting, pacedLastMinute, lastHour }], generatedAt }`',
    },
  },
];
