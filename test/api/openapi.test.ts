import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMethodGuard } from '../../api/method-guard';
import { openApiPath } from '../../api/openapi/openapi-document';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        security: unknown[];
        parameters?: { name: string; in: string; required: boolean }[];
        requestBody?: {
          content: {
            'application/json': {
              schema: { required?: string[]; additionalProperties?: boolean; properties?: Record<string, unknown> };
            };
          };
        };
        responses: Record<string, unknown>;
      }
    >
  >;
  components: { securitySchemes: Record<string, { name: string }> };
};

describe('OpenAPI document (GET /openapi.json) and docs page (GET /docs)', () => {
  let p: TestPlatform;
  let doc: Doc;
  beforeAll(async () => {
    p = await createTestPlatform();
    const res = await p.app.request('/openapi.json');
    expect(res.status).toBe(200);
    doc = (await res.json()) as Doc;
  });
  afterAll(async () => p.close());

  /** `GET /api/tasks` style keys of the app's operations: middleware (ALL) and 405 answerers left out. */
  function appOperations(): Set<string> {
    const ops = new Set<string>();
    for (const r of p.app.routes) {
      if (r.method === 'ALL' || isMethodGuard(r.handler)) continue;
      ops.add(`${r.method} ${openApiPath(r.path)}`);
    }
    return ops;
  }
  const documented = () =>
    new Set(
      Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    );

  it('documents every route of the app, and only routes that exist', () => {
    const app = appOperations();
    expect(app.size).toBeGreaterThan(30);
    expect(
      [...app].filter((op) => !documented().has(op)),
      'routes missing from the document',
    ).toEqual([]);
    expect(
      [...documented()].filter((op) => !app.has(op)),
      'documented routes the app does not have',
    ).toEqual([]);
  });

  it('is OpenAPI 3.1 with the dashboard key as the admin security scheme', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.dashKey!.name).toBe('X-Dash-Key');
    expect(doc.paths['/api/tasks']!.post!.security).toEqual([{ dashKey: [] }]);
    expect(doc.paths['/health']!.get!.security).toEqual([]);
    expect(doc.paths['/api/tasks']!.post!.responses).toHaveProperty('401');
    expect(doc.paths['/api/tasks']!.post!.responses).toHaveProperty('400');
  });

  it('takes bodies, queries and path parameters from the zod schemas the routes validate with', () => {
    const body = doc.paths['/api/tasks']!.post!.requestBody!.content['application/json'].schema;
    expect(body.required?.sort()).toEqual(['prompt', 'title']);
    expect(body.additionalProperties).toBe(false); // .strict(): unknown fields are refused
    expect(Object.keys(body.properties ?? {}).sort()).toEqual([
      'clientId',
      'idempotencyKey',
      'media',
      'priority',
      'prompt',
      'title',
      'type',
    ]);
    const list = doc.paths['/api/tasks']!.get!.parameters!;
    expect(list.map((q) => `${q.in}:${q.name}:${q.required}`).sort()).toEqual([
      'query:clientId:false',
      'query:cursor:false',
      'query:limit:false',
      'query:status:false',
    ]);
    expect(doc.paths['/api/tasks/{taskId}']!.get!.parameters).toEqual([
      expect.objectContaining({ name: 'taskId', in: 'path', required: true }),
    ]);
    const invoice = doc.paths['/api/payments/create-invoice']!.post!.requestBody!.content['application/json'].schema;
    expect(invoice.required ?? []).toEqual([]); // { amount, email } or { clientId, … }: checked by the route
    expect(Object.keys(invoice.properties ?? {})).toEqual(
      expect.arrayContaining(['amount', 'email', 'clientId', 'taskIds', 'from', 'to']),
    );
    expect(doc.paths['/webhook/stripe']!.post!.parameters).toEqual([
      expect.objectContaining({ name: 'Stripe-Signature', in: 'header', required: true }),
    ]);
  });

  it('serves a self-contained docs page listing every operation', async () => {
    const res = await p.app.request('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const page = await res.text();
    for (const path of Object.keys(doc.paths)) expect(page).toContain(`<code>${path}</code>`);
    expect(page).not.toMatch(/<script|https?:\/\/(?!127\.0\.0\.1)/); // no CDN, nothing fetched from elsewhere
    expect((await p.app.request('/openapi.json', { method: 'POST' })).status).toBe(405);
  });
});
