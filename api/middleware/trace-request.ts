import { context, propagation, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';

/**
 * One server span per HTTP request, continuing an incoming `traceparent`. Named by the route pattern
 * (`POST /api/tasks/:id/cancel`), never the concrete path, so ids stay out of span names.
 */
export function traceRequest(tracer: Tracer): MiddlewareHandler {
  return async (c, next) => {
    const parent = propagation.extract(context.active(), Object.fromEntries(c.req.raw.headers));
    await tracer.startActiveSpan(
      `${c.req.method} request`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': c.req.method } },
      parent,
      async (span) => {
        try {
          await next();
          const route = routePath(c, -1);
          span.updateName(`${c.req.method} ${route}`);
          span.setAttribute('http.route', route);
          span.setAttribute('http.response.status_code', c.res.status);
          if (c.res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        } finally {
          span.end();
        }
      },
    );
  };
}
