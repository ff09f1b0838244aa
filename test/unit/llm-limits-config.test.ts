import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../infra/config/load-config';
import { resetMs } from '../../domain/llm-limits';

describe('LLM capacity configuration', () => {
  it('a malformed LLM_RATE_LIMITS stops start-up naming the variable and the model', () => {
    expect(() => loadConfig({ LLM_RATE_LIMITS: '{"gpt-4o":{"rpm":-5}}' })).toThrow(/LLM_RATE_LIMITS\.gpt-4o\.rpm/);
    expect(() => loadConfig({ LLM_RATE_LIMITS: 'not json' })).toThrow(/LLM_RATE_LIMITS/);
    expect(() => loadConfig({ LLM_RETRY_DEADLINE: 'six hours' })).toThrow(/LLM_RETRY_DEADLINE/);
  });
  it('reads limits, defaults and durations', () => {
    const c = loadConfig({
      LLM_RATE_LIMITS: '{"gpt-4o":{"rpm":500,"tpm":30000}}',
      LLM_RPM: '60',
      LLM_RETRY_DEADLINE: '90m',
    });
    expect(c.llm).toMatchObject({
      rateLimits: { 'gpt-4o': { rpm: 500, tpm: 30000 } },
      defaultLimits: { rpm: 60 },
      retryDeadlineMs: 5_400_000,
      outageAlertAfterMs: 300_000,
      pacing: true,
    });
    expect([resetMs('6m0s'), resetMs('20ms'), resetMs('1.5s'), resetMs('soon')]).toEqual([
      360_000,
      20,
      1500,
      undefined,
    ]);
  });
});
