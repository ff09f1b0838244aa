import { Client } from '@temporalio/client';
import { runPlatform } from '../cli/platform';
import type { Config } from '../infra/config/load-config';
import { databaseTargetFor, openDatabase } from '../infra/db/open-database';
import type { Logger } from '../infra/logger';
import { connectClient, connectWorkerConnection, temporalTarget } from '../infra/temporal/connect';

export interface InProcessOptions {
  /** Serve the HTTP API (`all`, `api`). */
  serveApi: boolean;
  /** Run workers (`all`, `worker`). */
  runWorkers: boolean;
  /** The API's Temporal client shares the worker's NativeConnection (eager start possible). */
  sharedConnection?: boolean;
  workflowBundlePath?: string;
}

/**
 * The platform's roles in this process, connected as `echopilot start|worker|api` connect them; `stop`
 * stops them and closes every connection and the database.
 */
export async function startPlatformInProcess(config: Config, logger: Logger, opts: InProcessOptions) {
  const target = temporalTarget(config.temporal);
  const workerConnection = opts.runWorkers ? await connectWorkerConnection(target) : undefined;
  const shared = opts.sharedConnection && workerConnection;
  const temporal = shared
    ? new Client({ connection: workerConnection, namespace: target.namespace })
    : await connectClient(target);
  const database = await openDatabase(databaseTargetFor(config));
  const platform = await runPlatform({
    config,
    logger,
    database,
    temporal,
    buildId: 'bench',
    workerConnection,
    serveApi: opts.serveApi,
    workflowBundlePath: opts.workflowBundlePath,
  });
  return {
    apiUrl: platform.apiUrl,
    stop: async () => {
      await platform.stop();
      if (!shared) await temporal.connection.close();
      await workerConnection?.close();
      await database.close();
    },
  };
}
