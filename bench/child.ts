/**
 * One process of the benchmark, forked by bench/run.ts with an IPC channel, so each role's memory is
 * measured on its own:
 * - `all`: API + worker + database client in one process, as `echopilot start` (minus the dev server);
 * - `worker` / `api`: the split roles over PostgreSQL, as `echopilot worker` / `echopilot api`;
 * - `baseline`: a bare worker for the baseline workflow, with the same worker options.
 * Configuration comes from the environment the parent sets, parsed once by `bootConfig` as in production.
 */
import { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { bootConfig, bootLogger } from '../cli/boot';
import { runPlatform, type RunningPlatform } from '../cli/platform';
import { databaseTargetFor, openDatabase, type Database } from '../infra/db/open-database';
import { connectClient, connectWorkerConnection } from '../infra/temporal/connect';
import { installRuntime } from '../worker/install-runtime';
import { workerTuning } from '../worker/create-worker';

export interface ChildOptions {
  role: 'all' | 'worker' | 'api' | 'baseline';
  bundlePath: string;
  /** `all` only: the API's Temporal client shares the worker's NativeConnection (eager start possible). */
  sharedConnection?: boolean;
}

const send = (msg: unknown) => process.send!(msg);

async function main() {
  const opts = JSON.parse(process.argv[2]!) as ChildOptions;
  const config = bootConfig();
  const logger = bootLogger(config, { role: `bench-${opts.role}` });
  installRuntime(logger, opts.role === 'api' ? undefined : `127.0.0.1:${config.temporal.metricsPort}`);
  const target = { address: config.temporal.address!, namespace: config.temporal.namespace };

  let stop: () => Promise<void>;
  let apiUrl: string | undefined;
  if (opts.role === 'baseline') {
    const connection = await connectWorkerConnection(target);
    const worker = await Worker.create({
      connection,
      taskQueue: 'bench-baseline',
      workflowBundle: { codePath: opts.bundlePath },
      activities: { noop: (i: number) => Promise.resolve(i) },
      ...workerTuning(config.worker),
    });
    const running = worker.run();
    stop = async () => {
      worker.shutdown();
      await running;
      await connection.close();
    };
  } else {
    const workerConnection = opts.role === 'api' ? undefined : await connectWorkerConnection(target);
    const temporal =
      opts.sharedConnection && workerConnection
        ? new Client({ connection: workerConnection, namespace: target.namespace })
        : await connectClient(target);
    const database: Database = await openDatabase(databaseTargetFor(config));
    const platform: RunningPlatform = await runPlatform({
      config,
      logger,
      database,
      temporal,
      buildId: 'bench',
      workerConnection,
      serveApi: opts.role !== 'worker',
      workflowBundlePath: opts.bundlePath,
    });
    apiUrl = platform.apiUrl;
    stop = async () => {
      await platform.stop();
      if (!opts.sharedConnection) await temporal.connection.close();
      await workerConnection?.close();
      await database.close();
    };
  }

  process.on('message', (msg: { type: string }) => {
    if (msg.type === 'mem') send({ type: 'mem', mem: process.memoryUsage() });
    if (msg.type === 'stop') void stop().then(() => process.exit(0));
  });
  process.once('disconnect', () => process.exit(1)); // the benchmark driver went away
  send({ type: 'ready', apiUrl, pid: process.pid });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
