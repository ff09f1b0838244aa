import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../infra/config/load-config';
import { createLogger } from '../../infra/logger';
import { startDevServer } from '../../infra/temporal/dev-server';
import { findTemporalCli } from '../../infra/temporal/temporal-cli';
import { freePort } from '../../test/support/free-port';
import { startSplitPlatform } from '../chaos/split-platform';
import { startPlatformInProcess } from '../in-process-platform';

/** A platform under the capacity benchmark: where its API answers, and how to stop it. */
export interface CapacityPlatform {
  api: string;
  stop(): Promise<void>;
}

/**
 * The whole platform in this process (API, worker, PGlite) on a fresh embedded dev server: what `npm start`
 * runs. `vars` is the platform's environment (the stand-in, the limits, pacing on or off).
 */
export async function startInProcess(vars: Record<string, string>): Promise<CapacityPlatform> {
  const env = process.env;
  const cli = findTemporalCli(env.TEMPORAL_CLI_PATH, env.PATH ?? '')!;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'echopilot-capacity-'));
  const port = await freePort();
  const server = await startDevServer({
    cliPath: cli,
    dataDir: dir,
    port,
    uiPort: await freePort(),
    namespace: 'default',
  });
  const config = loadConfig({
    ...vars,
    NODE_ENV: 'development',
    DATA_DIR: path.join(dir, 'data'),
    TEMPORAL_ADDRESS: server.address,
    PORT: '0',
    APP_METRICS_PORT: '0',
    METRICS_PORT: '0',
    PATH: env.PATH,
  });
  const logger = createLogger({ level: 'warn', secrets: config.secretValues });
  const platform = await startPlatformInProcess(config, logger, { serveApi: true, runWorkers: true });
  return {
    api: platform.apiUrl!,
    async stop() {
      await platform.stop();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The production set-up instead (BENCH_CAPACITY_SPLIT=true): PostgreSQL, a Temporal server, `echopilot worker`
 * ×2 and `echopilot api` as separate processes (bench/chaos/split-platform.ts), so the API's intake and the
 * workers' calls run on event loops of their own, and the two workers share the pacer through the database.
 */
export async function startSplit(vars: Record<string, string>): Promise<CapacityPlatform> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'echopilot-capacity-split-'));
  const api = `http://127.0.0.1:${await freePort()}`;
  const split = await startSplitPlatform({ env: { ...vars, HOST: '127.0.0.1' }, api, dataDir }).catch((err) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  });
  return {
    api,
    async stop() {
      try {
        const { unclean } = await split.stop();
        if (unclean.length) console.warn(`  split platform stopped uncleanly: ${unclean.join(', ')}`);
      } finally {
        split.pg.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
