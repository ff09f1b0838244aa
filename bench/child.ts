/**
 * One process of the benchmark, forked by bench/run.ts with an IPC channel, so each role's memory is
 * measured on its own:
 * - `all`: API + worker + database client in one process, as `echopilot start` (minus the dev server);
 * - `worker` / `api`: the split roles over PostgreSQL, as `echopilot worker` / `echopilot api`;
 * - `baseline`: a bare worker for the baseline workflow, with the same worker options.
 * Configuration comes from the environment the parent sets, parsed once by `bootConfig` as in production.
 */
import { Worker } from '@temporalio/worker';
import { bootConfig, bootLogger } from '../cli/boot';
import { connectWorkerConnection } from '../infra/temporal/connect';
import { startPlatformInProcess } from './in-process-platform';
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
    const platform = await startPlatformInProcess(config, logger, {
      serveApi: opts.role !== 'worker',
      runWorkers: opts.role !== 'api',
      sharedConnection: opts.sharedConnection,
      workflowBundlePath: opts.bundlePath,
    });
    apiUrl = platform.apiUrl;
    stop = platform.stop;
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
