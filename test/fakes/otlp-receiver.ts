import { startHttpFake } from './http-fake';

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  service?: string;
}

interface OtlpJson {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: { stringValue?: string } }[] };
    scopeSpans?: { spans?: { traceId: string; spanId: string; parentSpanId?: string; name: string }[] }[];
  }[];
}

/** An OTLP/HTTP collector (JSON encoding, POST /v1/traces) that keeps every span it receives. */
export async function startOtlpReceiver() {
  const spans: ReceivedSpan[] = [];
  const fake = await startHttpFake((req) => {
    if (req.method !== 'POST' || req.path !== '/v1/traces') return { status: 404, body: { error: 'not found' } };
    const body = JSON.parse(req.body.toString('utf8')) as OtlpJson;
    for (const rs of body.resourceSpans ?? []) {
      const service = rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue;
      for (const ss of rs.scopeSpans ?? []) {
        for (const s of ss.spans ?? [])
          spans.push({
            traceId: s.traceId,
            spanId: s.spanId,
            parentSpanId: s.parentSpanId || undefined,
            name: s.name,
            service,
          });
      }
    }
    return { status: 200, body: {} };
  });
  return { endpoint: fake.url.replace(/\/+$/, ''), spans, close: () => fake.close() };
}
