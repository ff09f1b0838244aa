import { existsSync } from 'node:fs';
import path from 'node:path';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Activities } from '../activities';

import { WORKFLOW_BUNDLE_PATH } from '../infra/paths';

export { WORKFLOW_BUNDLE_PATH };
/** The workflows folder (index re-exports every workflow), from source or from dist/. */
export const WORKFLOWS_PATH = path.resolve(__dirname, '..', 'workflows');

export interface CreateWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: Activities;
  buildId: string;
  /** `production` requires the prebuilt bundle; other modes bundle from source at start. */
  mode: 'development' | 'production' | 'test';
  /** A workflow bundle built beforehand (tests spawning workers reuse theirs instead of bundling again). */
  workflowBundlePath?: string;
  /** Tuning passthrough (benchmarks, tests). */
  tuning?: Partial<Pick<WorkerOptions, 'maxConcurrentActivityTaskExecutions' | 'maxConcurrentWorkflowTaskExecutions' | 'maxCachedWorkflows' | 'shutdownGraceTime'>>;
}

export async function createWorker(opts: CreateWorkerOptions): Promise<Worker> {
  const bundlePath = opts.workflowBundlePath ?? (opts.mode === 'production' ? WORKFLOW_BUNDLE_PATH : undefined);
  if (bundlePath && !existsSync(bundlePath)) {
    throw new Error(opts.workflowBundlePath ? `No workflow bundle at ${bundlePath}` : `Production mode needs the prebuilt workflow bundle at ${bundlePath}: run \`npm run build\`.`);
  }
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: opts.activities,
    ...(bundlePath ? { workflowBundle: { codePath: bundlePath } } : { workflowsPath: WORKFLOWS_PATH }),
    workerDeploymentOptions: {
      version: { deploymentName: 'echopilot', buildId: opts.buildId },
      useWorkerVersioning: false,
    },
    // Let in-flight activities finish on Ctrl-C / SIGTERM before the worker stops polling.
    shutdownGraceTime: '10 seconds',
    ...opts.tuning,
  });
}
