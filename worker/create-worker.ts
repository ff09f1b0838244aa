import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Activities } from '../activities';
import type { WorkerSizing } from '../infra/config/load-config';
import type { Tracing } from '../infra/tracing/tracing';
import { FAILURE_CONVERTER_PATH } from '../infra/crypto/payload-encryption';

import { WORKFLOW_BUNDLE_PATH } from '../infra/paths';

export { WORKFLOW_BUNDLE_PATH };
/** The production bundle with the OpenTelemetry workflow interceptors, used when tracing is on. */
export const TRACED_WORKFLOW_BUNDLE_PATH = WORKFLOW_BUNDLE_PATH.replace(/\.js$/, '.traced.js');
/** The workflow interceptor module the traced bundle carries (the plugin adds it when bundling from source). */
export const TRACING_WORKFLOW_MODULES = [
  require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
];
/** The workflows folder (index re-exports every workflow), from source or from dist/. */
export const WORKFLOWS_PATH = path.resolve(__dirname, '..', 'workflows');

/**
 * Bundle options for every workflow bundle (production build, dev/test workers, benchmark).
 * The reusable V8 context evaluates each bundled module again for every workflow unless the module
 * is preloaded into the shared cache. Our workflow modules hold no per-workflow state at module level
 * (proxies, message definitions, constants and functions only), so they are loaded once and shared
 * (frozen): a new workflow then costs a fraction of the CPU and memory (README "Benchmarks").
 */
const PRELOAD_OPTIONS = { preloadModules: [WORKFLOWS_PATH] };
/** The failure converter is bundled too: failure messages become payloads the codec encrypts. */
export const WORKFLOW_BUNDLE_OPTIONS = { ...PRELOAD_OPTIONS, failureConverterPath: FAILURE_CONVERTER_PATH };

/**
 * Worker options from the sizing overrides; unset values keep the defaults below (measured with
 * `npm run bench`, see README "Benchmarks") or the SDK's.
 */
export function workerTuning(sizing: WorkerSizing = {}): Partial<WorkerOptions> {
  return {
    ...(sizing.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: sizing.maxCachedWorkflows } : {}),
    ...(sizing.maxConcurrentWorkflowTasks !== undefined
      ? { maxConcurrentWorkflowTaskExecutions: sizing.maxConcurrentWorkflowTasks }
      : {}),
    ...(sizing.maxConcurrentActivities !== undefined
      ? { maxConcurrentActivityTaskExecutions: sizing.maxConcurrentActivities }
      : {}),
    ...(sizing.maxConcurrentLocalActivities !== undefined
      ? { maxConcurrentLocalActivityExecutions: sizing.maxConcurrentLocalActivities }
      : {}),
  };
}

/** What every worker of the platform shares: codec, build id, tracing, graceful stop. */
export function sharedWorkerOptions(opts: {
  buildId: string;
  tracing?: Tracing;
  dataConverter?: DataConverter;
}): Partial<WorkerOptions> {
  return {
    dataConverter: opts.dataConverter ?? { failureConverterPath: FAILURE_CONVERTER_PATH },
    workerDeploymentOptions: {
      version: { deploymentName: 'echopilot', buildId: opts.buildId },
      useWorkerVersioning: false,
    },
    ...(opts.tracing ? { plugins: [opts.tracing.workerPlugin] } : {}),
    // Let in-flight activities finish on Ctrl-C / SIGTERM before the worker stops polling.
    shutdownGraceTime: '10 seconds',
  };
}

export interface CreateWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: Activities;
  buildId: string;
  /** `production` requires the prebuilt bundle; other modes bundle from source at start. */
  mode: 'development' | 'production' | 'test';
  sizing?: WorkerSizing;
  /** A workflow bundle built beforehand (tests spawning workers and the benchmark reuse theirs instead of bundling again). */
  workflowBundlePath?: string;
  /** Tracing on: activity and workflow interceptors, workflow spans exported through a sink. */
  tracing?: Tracing;
  /** Payload codec and failure converter (infra/crypto/payload-encryption `dataConverterFor`). */
  dataConverter?: DataConverter;
}

export async function createWorker(opts: CreateWorkerOptions): Promise<Worker> {
  const prebuilt = opts.tracing ? TRACED_WORKFLOW_BUNDLE_PATH : WORKFLOW_BUNDLE_PATH;
  const bundlePath = opts.workflowBundlePath ?? (opts.mode === 'production' ? prebuilt : undefined);
  if (bundlePath && !existsSync(bundlePath)) {
    throw new Error(
      opts.workflowBundlePath
        ? `No workflow bundle at ${bundlePath}`
        : `Production mode needs the prebuilt workflow bundle at ${bundlePath}: run \`npm run build\`.`,
    );
  }
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: opts.activities,
    ...(bundlePath
      ? { workflowBundle: { codePath: bundlePath } }
      : { workflowsPath: WORKFLOWS_PATH, bundlerOptions: PRELOAD_OPTIONS }),
    ...sharedWorkerOptions(opts),
    ...workerTuning(opts.sizing),
  });
}
