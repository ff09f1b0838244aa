import { Runtime, type LogLevel, type LogMetadata } from '@temporalio/worker';
import type { Logger } from '../infra/logger';

const PINO_LEVEL: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * Routes SDK, workflow and activity logs into our structured logger (they carry workflowId and
 * activity ids in their metadata) and exposes the SDK's metrics for Prometheus at /metrics.
 * Must run once, before the first connection is made.
 */
export function installRuntime(logger: Logger, metricsBind?: string): void {
  Runtime.install({
    logger: {
      log: (level: LogLevel, message: string, meta?: LogMetadata) =>
        logger[PINO_LEVEL[level]]({ ...meta, source: 'temporal' }, message),
      trace: (m: string, meta?: LogMetadata) => logger.trace({ ...meta, source: 'temporal' }, m),
      debug: (m: string, meta?: LogMetadata) => logger.debug({ ...meta, source: 'temporal' }, m),
      info: (m: string, meta?: LogMetadata) => logger.info({ ...meta, source: 'temporal' }, m),
      warn: (m: string, meta?: LogMetadata) => logger.warn({ ...meta, source: 'temporal' }, m),
      error: (m: string, meta?: LogMetadata) => logger.error({ ...meta, source: 'temporal' }, m),
    },
    telemetryOptions: metricsBind ? { metrics: { prometheus: { bindAddress: metricsBind } } } : undefined,
  });
}
