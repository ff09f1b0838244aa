import type { Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { ClientInterceptors } from '@temporalio/client';
import { OpenTelemetryPlugin, OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';

/** Tracing as configured: present only when OTEL_EXPORTER_OTLP_ENDPOINT is set (off costs nothing). */
export interface Tracing {
  tracer: Tracer;
  /** Client interceptors: a workflow start carries the caller's span (the HTTP request) in its headers. */
  clientInterceptors: ClientInterceptors;
  /** Worker plugin: activity and workflow interceptors, and the sink that exports workflow spans. */
  workerPlugin: OpenTelemetryPlugin;
  /** Sends what is buffered (tests, and before a clean stop). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

export interface TracingConfig {
  otlpEndpoint?: string;
  serviceName: string;
}

/**
 * Starts the OpenTelemetry SDK for this process: spans batched and sent by OTLP/HTTP (JSON) to
 * `<endpoint>/v1/traces`. Registers the AsyncLocalStorage context manager and W3C propagation, so a span
 * opened by the HTTP middleware is the parent of the workflow start, and through Temporal headers of the
 * workflow and each activity.
 */
export function startTracing(config: TracingConfig, role: string, spanProcessor?: SpanProcessor): Tracing | undefined {
  if (!config.otlpEndpoint) return undefined;
  const resource = new Resource({ 'service.name': config.serviceName, 'service.instance.role': role });
  const processor =
    spanProcessor ??
    new BatchSpanProcessor(new OTLPTraceExporter({ url: `${config.otlpEndpoint.replace(/\/+$/, '')}/v1/traces` }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  provider.register();
  const tracer = provider.getTracer('echopilot');
  return {
    tracer,
    clientInterceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor({ tracer })] },
    workerPlugin: new OpenTelemetryPlugin({ resource, spanProcessor: processor, tracer }),
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
