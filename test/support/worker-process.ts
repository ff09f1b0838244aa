// A platform worker in its own process, for the hard-kill durability test:
//   node --import tsx test/support/worker-process.ts <pglite-dir> <workflow-bundle.js> <build-id>
// Built exactly as `echopilot start` builds its worker (config from the environment, the real composition
// root, createWorker), over the embedded PGlite database in <pglite-dir> and the Temporal server at
// TEMPORAL_ADDRESS. Prints "worker-ready" once polling; it is meant to be killed, not stopped.
import { loadConfig } from '../../infra/config/load-config';
import { openDatabase } from '../../infra/db/open-database';
import { createLogger } from '../../infra/logger';
import { connectClient, connectWorkerConnection } from '../../infra/temporal/connect';
import { composeServices } from '../../cli/compose';
import { createWorker } from '../../worker/create-worker';
import { installRuntime } from '../../worker/install-runtime';

async function main() {
  const [dir, bundlePath, buildId] = process.argv.slice(2);
  if (!dir || !bundlePath || !buildId)
    throw new Error('usage: worker-process.ts <pglite-dir> <workflow-bundle.js> <build-id>');
  const config = loadConfig(process.env);
  const logger = createLogger({
    level: config.logLevel,
    secrets: config.secretValues,
    base: { role: 'worker-process' },
  });
  installRuntime(logger);
  const target = { address: config.temporal.address!, namespace: config.temporal.namespace };
  const database = await openDatabase({ kind: 'pglite', dir });
  const [temporal, connection] = await Promise.all([connectClient(target), connectWorkerConnection(target)]);
  const { activities } = composeServices({ config, logger, database, temporal, buildId });
  const worker = await createWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities,
    buildId,
    mode: config.env,
    workflowBundlePath: bundlePath,
  });
  const running = worker.run();
  console.log('worker-ready');
  await running;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
