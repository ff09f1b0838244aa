import { loadConfig, type Config } from '../../infra/config/load-config';

export const TEST_DASH_KEY = 'test-dashboard-key-0123456789';

/** A real parsed Config for tests; pass env overrides exactly as a user would set them. */
export function testConfig(env: Record<string, string | undefined> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DASHBOARD_KEY: TEST_DASH_KEY, TRUST_PROXY: 'true', ...env });
}
