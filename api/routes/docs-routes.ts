import { Hono } from 'hono';
import { docsPage } from '../openapi/docs-page';
import { openApiDocument } from '../openapi/openapi-document';
import { routeDocs } from '../openapi/route-docs';
import type { AppEnv } from '../app-env';
import type { RouteContext } from '../app-deps';
import { onlyMethods } from '../method-guard';

/** `GET /openapi.json` and `GET /docs`: public, they describe the API and hold no data or secrets. */
export function docsRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const doc = openApiDocument(routeDocs(ctx.config), { version: ctx.buildId, buildId: ctx.buildId });
  app.get('/openapi.json', (c) => c.json(doc));
  app.get('/docs', (c) => c.html(docsPage(doc)));
  onlyMethods(app, '/openapi.json', ['GET']);
  onlyMethods(app, '/docs', ['GET']);
  return app;
}
