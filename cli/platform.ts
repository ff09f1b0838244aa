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
import { llmQueueMap, llmTaskQueues } from '../domain/llm-task-queues';
import { createLlmWorkers } from '../worker/create-llm-workers';

export interface PlatformParts {
  config: Config;
  logger: Logger;
  database: Database;
  temporal: Client;
  buildId: string;
  /** When given, a worker runs in this process. */
  workerConnection?: NativeConnection;
  /** Prebuilt workflow bundle to load (benchmark); default per mode, see createWorker. */
  workflowBundlePath?: string;
  /** When true, the HTTP API is served from this process. */
  serveApi: boolean;
  /** Tracing on (OTEL_EXPORTER_OTLP_ENDPOINT): request spans in the API, interceptors in the worker. */
  tracing?: Tracing;
  /** PAYLOAD_ENCRYPTION on: the codec the worker, the codec server and shredding use. */
  payloadEncryption?: PayloadEncryption;
}

export interface RunningPlatform {
  apiUrl?: string;
  /** Application metrics (APP_METRICS_PORT); undefined when the port is 0. */
  metricsUrl?: string;
  worker?: Worker;
  /** Activity-only workers of the per-model LLM task queues (LLM_TASK_QUEUES). */
  llmWorkers: Worker[];
  stop(): Promise<void>;
}

/** Starts the worker and/or the API over shared services; `stop` drains them in order. */
export async function runPlatform(p: PlatformParts): Promise<RunningPlatform> {
  // Where this process runs a worker it also polls the LLM task queues, so tasks it loads may use them.
  const llmQueues =
    p.workerConnection && p.config.llm.taskQueues
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
  let worker: Worker | undefined;
  let workerDone: Promise<void> | undefined;
  if (p.workerConnection) {
    worker = await createWorker({
      connection: p.workerConnection,
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
    const w = worker;
    workerDone = w.run().catch((err: unknown) => p.logger.error({ err }, 'worker stopped with an error'));
  }
  const llmWorkers = p.workerConnection
    ? await createLlmWorkers({
        connection: p.workerConnection,
        namespace: p.config.temporal.namespace,
        queues: llmQueues,
        activities,
        buildId: p.buildId,
        tracing: p.tracing,
        dataConverter: dataConverterFor(p.payloadEncryption),
      })
    : [];
  const llmDone = llmWorkers.map((w) =>
    w.run().catch((err: unknown) => p.logger.error({ err }, 'LLM worker stopped with an error')),
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
      if (worker && worker.getState() === 'RUNNING') worker.shutdown();
      for (const w of llmWorkers) if (w.getState() === 'RUNNING') w.shutdown();
      await workerDone; // in-flight activities finish within shutdownGraceTime
      await Promise.all(llmDone);
      await metricsServer?.close();
      await p.tracing?.shutdown(); // sends the spans still buffered
    },
  };
}
