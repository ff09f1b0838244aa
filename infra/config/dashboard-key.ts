import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './load-config';

export type DashboardKeySource = 'env' | 'file' | 'generated';

/**
 * DASHBOARD_KEY wins; otherwise a key generated on first start is kept in `data/dashboard-key`
 * (mode 0600) so restarts keep the same key.
 */
export function ensureDashboardKey(config: Config): { config: Config; source: DashboardKeySource } {
  if (config.auth.dashboardKey) return { config, source: 'env' };
  const file = path.join(config.dataDir, 'dashboard-key');
  let source: DashboardKeySource = 'file';
  let key = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (key.length < 16) {
    key = randomBytes(24).toString('base64url');
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, `${key}\n`, { mode: 0o600 });
    source = 'generated';
  }
  return {
    config: { ...config, auth: { ...config.auth, dashboardKey: key }, secretValues: [...config.secretValues, key] },
    source,
  };
}
