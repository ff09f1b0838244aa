import type { Client } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { createApp } from '../api/app';
import { listen, type RunningServer } from '../api/server';
import type { Config } from '../infra/config/load-config';
import type { Database } from '../infra/db/open-database';
import type { Logger } from '../infra/logger';
import { serveMetrics, type MetricsServer } from '../infra/metrics/metrics-server';
import type { Tracing } from '../infra/tracing/tracing';
import { createWorker } from '../worker/create-worker';
import { dataConverterFor, type PayloadEncryption } from '../infra/crypto/payload-encryption';
import { composeServices } from './compose';
import { llmQueueMap, llmTaskQueues, type LlmTaskQueue } from '../domain/llm-task-queues';
import { createLlmWorker } from '../worker/create-llm-workers';
import { superviseWorker, type SupervisedWorker, type WorkerUnit } from '../worker/supervise-worker';

export interface PlatformParts {
  config: Config;
  logger: Logger;
  database: Database;
  temporal: Client;
  buildId: string;
  /**
   * When given, a worker runs in this process on this connection, which the API's client shares
   * (all-in-one: eager workflow start). Such a worker cannot be replaced in place if it fails.
   */
  workerConnection?: NativeConnection;
  /**
   * New connections for workers: with it a worker runs in this process, and every worker not on
   * `workerConnection` gets one of its own, so that a worker that failed can be replaced.
   */
  connectWorker?: () => Promise<NativeConnection>;
  /** Prebuilt workflow bundle to load (benchmark); default per mode, see createWorker. */
  workflowBundlePath?: string;
  /** When true, the HTTP API is served from this process. */
  serveApi: boolean;
  /** Tracing on (OTEL_EXPORTER_OTLP_ENDPOINT): request spans in the API, interceptors in the worker. */
  tracing?: Tracing;
  /** PAYLOAD_ENCRYPTION on: the codec the worker, the codec server and shredding use. */
  payloadEncryption?: PayloadEncryption;
  /**
   * A worker failed and kept failing after its restarts (worker/supervise-worker.ts): the caller stops
   * the process with a non-zero exit so its supervisor starts it fresh.
   */
  onFatal?: (err: unknown) => void;
}

export interface RunningPlatform {
  apiUrl?: string;
  /** Application metrics (APP_METRICS_PORT); undefined when the port is 0. */
  metricsUrl?: string;
  worker?: SupervisedWorker;
  /** Activity-only workers of the per-model LLM task queues (LLM_TASK_QUEUES). */
  llmWorkers: SupervisedWorker[];
  stop(): Promise<void>;
}

/** Starts the worker and/or the API over shared services; `stop` drains them in order. */
export async function runPlatform(p: PlatformParts): Promise<RunningPlatform> {
  // Where this process runs a worker it also polls the LLM task queues, so tasks it loads may use them.
  const llmQueues =
    (p.workerConnection ?? p.connectWorker) && p.config.llm.taskQueues
      ? llmTaskQueues(
          p.config.temporal.taskQueue,
          [p.config.llm.model, p.config.llm.qaModel],
          p.config.llm.rateLimits,
          p.config.llm.defaultLimits,
        )
      : [];
  const {
    activities,
    appDeps: composed,
    metrics,
  } = composeServices({
    ...p,
    ...(llmQueues.length ? { llmTaskQueues: llmQueueMap(llmQueues) } : {}),
  });
  const appDeps = p.tracing ? { ...composed, tracer: p.tracing.tracer } : composed;
  const supervise = (name: string, first: WorkerUnit, create: () => Promise<WorkerUnit>) =>
    superviseWorker(first, { name, create, logger: p.logger, onGiveUp: (err) => p.onFatal?.(err) });
  // A worker on a connection of its own can be replaced after it failed (its connection closed first).
  const ownUnit = async (build: (connection: NativeConnection) => Promise<Worker>): Promise<WorkerUnit> => {
    const connection = await p.connectWorker!();
    const worker = await build(connection).catch(async (err: unknown) => {
      await connection.close();
      throw err;
    });
    return { worker, close: () => connection.close() };
  };
  const sharedUnit = async (build: (connection: NativeConnection) => Promise<Worker>): Promise<WorkerUnit> => ({
    worker: await build(p.workerConnection!),
  });
  const runsWorker = Boolean(p.workerConnection ?? p.connectWorker);
  let worker: SupervisedWorker | undefined;
  if (runsWorker) {
    const build = (connection: NativeConnection) =>
      createWorker({
        connection,
        namespace: p.config.temporal.namespace,
        taskQueue: p.config.temporal.taskQueue,
        activities,
        buildId: p.buildId,
        mode: p.config.env,
        workflowBundlePath: p.workflowBundlePath,
        sizing: p.config.worker,
        tracing: p.tracing,
        dataConverter: dataConverterFor(p.payloadEncryption),
      });
    const first = p.workerConnection ? await sharedUnit(build) : await ownUnit(build);
    worker = supervise('worker', first, () => ownUnit(build));
  }
  const llmBuild = (q: LlmTaskQueue) => (connection: NativeConnection) =>
    createLlmWorker(
      {
        connection,
        namespace: p.config.temporal.namespace,
        queues: llmQueues,
        activities,
        buildId: p.buildId,
        tracing: p.tracing,
        dataConverter: dataConverterFor(p.payloadEncryption),
      },
      q,
    );
  const llmWorkers = await Promise.all(
    llmQueues.map(async (q) => {
      const first = p.connectWorker ? await ownUnit(llmBuild(q)) : await sharedUnit(llmBuild(q));
      return supervise(`LLM worker ${q.queue}`, first, () => ownUnit(llmBuild(q)));
    }),
  );
  let metricsServer: MetricsServer | undefined;
  if (p.config.metrics.appPort !== 0)
    metricsServer = await serveMetrics(metrics.registry, p.config.metrics.appPort, p.config.metrics.host);
  let server: RunningServer | undefined;
  if (p.serveApi) server = await listen(createApp(appDeps), p.config.http.port, p.config.http.host);

  return {
    apiUrl: server?.url,
    metricsUrl: metricsServer?.url,
    worker,
    llmWorkers,
    async stop() {
      await server?.close(); // stop taking requests first
      worker?.shutdown();
      for (const w of llmWorkers) w.shutdown();
      await worker?.done; // in-flight activities finish within shutdownGraceTime
      await Promise.all(llmWorkers.map((w) => w.done));
      await metricsServer?.close();
      await p.tracing?.shutdown(); // sends the spans still buffered
    },
  };
}
