import { z } from 'zod';
import type { RouteAuth, RouteDoc } from './route-doc';

type JsonSchema = Record<string, unknown>;

/** The README "HTTP API" error shape, for every 4xx/5xx answer. */
const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

/** What a caller sends, so defaults make fields optional and transforms show their input. */
function jsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** `/api/tasks/:taskId` → `/api/tasks/{taskId}` (a Hono `:name{regex}` keeps only the name). */
export const openApiPath = (honoPath: string) => honoPath.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}');
const pathParamNames = (honoPath: string) => [...honoPath.matchAll(/:(\w+)/g)].map((m) => m[1]!);

function objectParams(schema: z.ZodObject, where: 'query' | 'path') {
  const js = jsonSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (js.required ?? []).includes(name),
    schema: s,
  }));
}

const SIGNATURE_HEADERS: Partial<Record<RouteAuth, [string, boolean][]>> = {
  stripeSignature: [['Stripe-Signature', true]],
  paypalSignature: [
    'Paypal-Auth-Algo',
    'Paypal-Cert-Url',
    'Paypal-Transmission-Id',
    'Paypal-Transmission-Sig',
    'Paypal-Transmission-Time',
  ].map((h) => [h, true]),
  notionSignature: [['X-Notion-Signature', false]], // absent on the one-time verification delivery
  telegramSecret: [['X-Telegram-Bot-Api-Secret-Token', true]],
};

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

function operation(d: RouteDoc) {
  const pathParams = d.params ? objectParams(d.params, 'path') : [];
  for (const name of pathParamNames(d.path)) {
    if (!pathParams.some((p) => p.name === name))
      pathParams.push({ name, in: 'path', required: true, schema: { type: 'string' } });
  }
  const headers = (SIGNATURE_HEADERS[d.auth] ?? []).map(([name, required]) => ({
    name,
    in: 'header',
    required,
    schema: { type: 'string' },
  }));
  const parameters = [...pathParams, ...(d.query ? objectParams(d.query, 'query') : []), ...headers];
  const responses: Record<string, unknown> = {};
  for (const [status, description] of Object.entries(d.responses)) {
    const ok = Number(status) < 400;
    responses[status] = ok
      ? {
          description,
          content: d.html
            ? { 'text/html': { schema: { type: 'string' } } }
            : { 'application/json': { schema: { type: 'object' } } },
        }
      : errorResponse(description);
  }
  if (d.body || d.query || d.params) responses['400'] ??= { $ref: '#/components/responses/ValidationFailed' };
  if (d.auth === 'dashKey') {
    responses['401'] ??= { $ref: '#/components/responses/Unauthorized' };
    responses['429'] ??= { $ref: '#/components/responses/TooManyRequests' };
  }
  return {
    operationId: `${d.method}${openApiPath(d.path).replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ?? '').toUpperCase())}`,
    tags: [d.tag],
    summary: d.summary,
    ...(d.description ? { description: d.description } : {}),
    ...(d.auth === 'dashKey' ? { security: [{ dashKey: [] }] } : { security: [] }),
    ...(parameters.length ? { parameters } : {}),
    ...(d.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(d.body) } } } }
      : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of the HTTP API, built from the route docs and their zod schemas. */
export function openApiDocument(docs: readonly RouteDoc[], info: { version: string; buildId: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const d of docs) (paths[openApiPath(d.path)] ??= {})[d.method] = operation(d);
  return {
    openapi: '3.1.0',
    info: {
      title: 'EchoPilot HTTP API',
      version: info.version,
      description: `AI task automation on Temporal durable workflows (build ${info.buildId}). Admin routes need the X-Dash-Key header; three failed keys from one address within 5 minutes ban it for 10 minutes (429).`,
    },
    paths,
    components: {
      securitySchemes: { dashKey: { type: 'apiKey', in: 'header', name: 'X-Dash-Key' } },
      schemas: { Error: jsonSchema(errorSchema) },
      responses: {
        ValidationFailed: errorResponse(
          'Invalid input; `error.details.issues` names each field (`validation_failed`, `invalid_json`)',
        ),
        Unauthorized: errorResponse('Missing or wrong X-Dash-Key'),
        TooManyRequests: errorResponse('Too many failed keys from this address; see Retry-After'),
      },
    },
  };
}
export type OpenApiDocument = ReturnType<typeof openApiDocument>;
