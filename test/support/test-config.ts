import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../infra/config/load-config';

export const TEST_DASH_KEY = 'test-dashboard-key-0123456789';

let dataDir: string | undefined;

/**
 * The test file's own data folder, inside the run's folder (test/support/test-data-root.ts): the default
 * `data` would put audit keys, backups and snapshots into the checkout the tests run in, where a later
 * `npm start` finds them.
 */
function testDataDir(): string {
  dataDir ??= mkdtempSync(path.join(inject('testDataRoot'), 'data-'));
  return dataDir;
}

/** A real parsed Config for tests; pass env overrides exactly as a user would set them. */
export function testConfig(env: Record<string, string | undefined> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: testDataDir(),
    LOG_LEVEL: 'silent',
    DASHBOARD_KEY: TEST_DASH_KEY,
    TRUST_PROXY: 'true',
    ...env,
  });
}

/** Headers of an admin API call from `ip` (each suite its own, so rate limits do not mix); JSON content type unless `json: false`. */
export function adminHeaders(ip: string, { json = true }: { json?: boolean } = {}): Record<string, string> {
  return {
    'X-Dash-Key': TEST_DASH_KEY,
    'X-Forwarded-For': ip,
    ...(json ? { 'content-type': 'application/json' } : {}),
  };
}
