import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startDevServer, type DevServer } from '../../infra/temporal/dev-server';
import { freePort } from '../../test/support/free-port';
import { startPostgres } from '../postgres';
import { countExtraRuns, type ChaosSetup } from './chaos-platform';
import { checkLedger } from './ledger-check';
import { spawnCaptured, type PlatformProcess } from './platform-process';

export type Postgres = NonNullable<ReturnType<typeof startPostgres>>;

/** The split set-up of a production deployment: PostgreSQL, a Temporal server, `echopilot worker` ×2, `echopilot api`. */
export interface SplitPlatform {
  pg: Postgres;
  temporal: DevServer;
  workers: PlatformProcess[];
  api: PlatformProcess;
  apiUrl: string;
  /** Starts worker `i` again with the same command and environment (after it was killed); resolves once it runs. */
  restartWorker(i: number): Promise<PlatformProcess>;
  /** SIGINT to every role (as systemd stops them), then the Temporal server; PostgreSQL is left to the caller. */
  stop(): Promise<{ unclean: string[] }>;
}

/** `echopilot <role>` from source as a child process, with exactly the platform's environment. */
function startRole(role: 'worker' | 'api', env: Record<string, string>): PlatformProcess {
  // Only the tail is kept: the roles log every retried query while the database is down.
  return spawnCaptured(process.execPath, ['--import', 'tsx', 'cli/main.ts', role], env, { keepChars: 200_000 });
}

async function waitForOutput(p: PlatformProcess, text: string, what: string, timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!p.output().includes(text)) {
    if (p.child.exitCode !== null || p.child.signalCode !== null) throw new Error(`${what} exited:\n${p.output()}`);
    if (Date.now() > deadline) throw new Error(`${what} not ready in time:\n${p.output()}`);
    await sleep(200);
  }
}

/**
 * Starts PostgreSQL (as scripts/test-postgres.sh does; it must be installed, nothing is skipped), a
 * Temporal dev server, two `echopilot worker` processes and one `echopilot api`, each role with its own
 * data folder and ports as on separate hosts, sharing the database, the master key and the audit key.
 */
export async function startSplitPlatform(setup: Pick<ChaosSetup, 'env' | 'api' | 'dataDir'>): Promise<SplitPlatform> {
  const pg = startPostgres(await freePort());
  if (!pg)
    throw new Error(
      'PostgreSQL is not installed (pg_ctl/initdb): install the postgresql package (scripts/test-postgres.sh)',
    );
  const cli = process.env.TEMPORAL_CLI_PATH;
  if (!cli) throw new Error('TEMPORAL_CLI_PATH is not set (scripts/ensure-temporal.sh)');
  const [port, uiPort] = [await freePort(), await freePort()];
  let temporal: DevServer;
  try {
    temporal = await startDevServer({
      cliPath: cli,
      dataDir: path.join(setup.dataDir, 'temporal'),
      port,
      uiPort,
      namespace: 'default',
    });
  } catch (err) {
    pg.stop();
    throw err;
  }
  const auditKey = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const shared = {
    ...setup.env,
    DATABASE_URL: pg.url,
    TEMPORAL_ADDRESS: temporal.address,
    ENCRYPTION_MASTER_KEY: randomBytes(32).toString('base64'),
    AUDIT_SIGNING_KEY: auditKey,
    LOG_LEVEL: 'info',
  };
  const roleEnv = async (name: string) => {
    const dataDir = path.join(setup.dataDir, name);
    mkdirSync(dataDir, { recursive: true });
    return { ...shared, DATA_DIR: dataDir, METRICS_PORT: String(await freePort()), APP_METRICS_PORT: '0' };
  };
  const workers: PlatformProcess[] = [];
  const workerEnvs: Record<string, string>[] = [];
  let api: PlatformProcess | undefined;
  let stopping: Promise<{ unclean: string[] }> | undefined;
  const stop = () => (stopping ??= stopAll());
  const stopAll = async () => {
    const unclean: string[] = [];
    for (const [name, p] of [...workers.map((w, i) => [`worker ${i + 1}`, w] as const), ['api', api] as const]) {
      if (!p || p.child.exitCode !== null || p.child.signalCode !== null) continue;
      p.child.kill('SIGINT');
      const timer = setTimeout(() => p.child.kill('SIGKILL'), 60_000);
      const code = await p.exited;
      clearTimeout(timer);
      if (code !== 0) unclean.push(`${name} exited with ${String(code)}`);
    }
    await temporal.stop();
    return { unclean };
  };
  try {
    // One worker after the other: each bundles the workflows at start, and two at once double the wait.
    for (const name of ['worker-1', 'worker-2']) {
      workerEnvs.push(await roleEnv(name));
      const w = startRole('worker', workerEnvs.at(-1)!);
      workers.push(w);
      await waitForOutput(w, 'worker running', name);
    }
    api = startRole('api', { ...(await roleEnv('api')), PORT: new URL(setup.api).port });
    await waitForOutput(api, 'api running', 'api');
    const restartWorker = async (i: number) => {
      const w = startRole('worker', workerEnvs[i]!);
      workers[i] = w;
      await waitForOutput(w, 'worker running', `worker-${i + 1}`);
      return w;
    };
    return { pg, temporal, workers, api, apiUrl: setup.api, restartWorker, stop };
  } catch (err) {
    await stop().catch(() => undefined);
    pg.stop();
    throw err;
  }
}

/**
 * The end of a split scenario: one completed run per task on its Temporal server, the ledger read from
 * PostgreSQL, then every role stopped cleanly. Returns the tasks done and every duplicated effect found.
 */
export async function closeSplitBooks(
  split: SplitPlatform,
  tasks: { taskId: string; workflowId: string }[],
  problems: string[],
): Promise<{ done: number; duplicated: number }> {
  const extraRuns = await countExtraRuns(
    Number(split.temporal.address.split(':')[1]),
    tasks.map((t) => t.workflowId),
    problems,
  );
  const ledger = await checkLedger(
    { kind: 'postgres', url: split.pg.url },
    tasks.map((t) => t.taskId),
  );
  problems.push(...ledger.problems);
  const { unclean } = await split.stop();
  problems.push(...unclean);
  return { done: ledger.done, duplicated: extraRuns + ledger.duplicated };
}

/** Whatever a split scenario left running, stopped: the roles, the Temporal server, PostgreSQL. */
export async function tearDownSplit(split: SplitPlatform | undefined): Promise<void> {
  await split?.stop().catch(() => undefined);
  try {
    split?.pg.stop();
  } catch {
    // already stopped (a scenario that broke off during an outage); its folder is removed either way
  }
}
