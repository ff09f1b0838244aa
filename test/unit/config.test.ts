import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../infra/config/load-config';

describe('loadConfig', () => {
  it('applies the documented defaults on an empty environment', () => {
    const c = loadConfig({}, '/srv/app');
    expect(c.http.port).toBe(5000);
    expect(c.dataDir).toBe('/srv/app/data');
    expect(c.llm).toMatchObject({ model: 'gpt-4o', qaModel: 'gpt-4o-mini', qaThreshold: 80, qaMaxAttempts: 3 });
    expect(c.stripe.mode).toBe('test');
    expect(c.temporal).toMatchObject({ address: undefined, namespace: 'default', devPort: 7233, uiPort: 8233 });
    expect(c.ops).toMatchObject({ briefUtc: '08:00', reportUtc: '09:00', selfHealEveryHours: 6 });
    expect(c.pricing.defaultRateUsdPerMin).toBe(5);
  });

  it('lists every bad variable at once, with the reason', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        QA_THRESHOLD: '101',
        SCHED_BRIEF_UTC: '8am',
        STRIPE_MODE: 'prod',
        DATABASE_URL: 'mysql://x',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'QA_THRESHOLD', 'SCHED_BRIEF_UTC', 'STRIPE_MODE', 'DATABASE_URL'])
      expect(problems).toContain(name);
    expect((error as ConfigError).problems).toHaveLength(5);
  });

  it('never echoes a secret value in its error', () => {
    const secret = 'not-a-postgres-url-but-a-secret-value';
    expect(() => loadConfig({ DATABASE_URL: secret })).toThrow(ConfigError);
    try {
      loadConfig({ DATABASE_URL: secret });
    } catch (err) {
      expect((err as Error).message).not.toContain(secret);
    }
  });

  it('refuses a live Stripe key in test mode and a test key in live mode', () => {
    expect(() => loadConfig({ STRIPE_SECRET_KEY: 'sk_live_abc' })).toThrow(/STRIPE_SECRET_KEY: a live key/);
    expect(() => loadConfig({ STRIPE_MODE: 'live' })).toThrow(/STRIPE_SECRET_LIVE: required/);
    expect(() => loadConfig({ STRIPE_MODE: 'live', STRIPE_SECRET_LIVE: 'sk_test_abc' })).toThrow(/a test key/);
    expect(loadConfig({ STRIPE_MODE: 'live', STRIPE_SECRET_LIVE: 'sk_live_abc' }).stripe.secretKey).toBe('sk_live_abc');
  });

  it('treats empty variables as unset and accepts the OPENAI_* aliases', () => {
    const c = loadConfig({ PORT: '', OPENAI_API_KEY: 'sk-abc123', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' });
    expect(c.http.port).toBe(5000);
    expect(c.llm.apiKey).toBe('sk-abc123');
    expect(c.llm.baseUrl).toBe('http://127.0.0.1:9/v1');
    expect(c.secretValues).toContain('sk-abc123');
  });
});
