import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { OpenApiDocument } from './openapi-document';

type Op = {
  tags: string[];
  summary: string;
  description?: string;
  security: unknown[];
  parameters?: { name: string; in: string; required: boolean; schema: unknown }[];
  requestBody?: { content: { 'application/json': { schema: unknown } } };
  responses: Record<string, { description?: string; $ref?: string }>;
};

const STYLE = `body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2rem}details{margin:.4rem 0;border:1px solid #e3e3e3;border-radius:4px;padding:.4rem .6rem}
summary{cursor:pointer}code,pre{font-family:ui-monospace,monospace;font-size:.85rem}pre{background:#f6f6f6;padding:.6rem;overflow:auto}
.m{display:inline-block;width:3.5rem;font-weight:600}.get{color:#1565c0}.post{color:#2e7d32}.lock{color:#999;font-size:.8rem}
table{border-collapse:collapse}td,th{border:1px solid #e3e3e3;padding:.2rem .5rem;text-align:left;vertical-align:top}`;

const refName = (ref: string) => ref.split('/').at(-1) ?? ref;

function operationHtml(
  path: string,
  method: string,
  op: Op,
  doc: OpenApiDocument,
): HtmlEscapedString | Promise<HtmlEscapedString> {
  const params = op.parameters ?? [];
  const body = op.requestBody?.content['application/json'].schema;
  const responses = Object.entries(op.responses).map(([status, r]) => {
    const text = r.$ref
      ? (doc.components.responses as Record<string, { description: string }>)[refName(r.$ref)]?.description
      : r.description;
    return html`<li><code>${status}</code> ${text ?? ''}</li>`;
  });
  return html`<details id="${method}-${path}">
    <summary>
      <span class="m ${method}">${method.toUpperCase()}</span><code>${path}</code> ${op.summary}
      ${op.security.length ? html`<span class="lock">X-Dash-Key</span>` : ''}
    </summary>
    ${op.description ? html`<p>${op.description}</p>` : ''}
    ${
      params.length
        ? html`<table>
            <tr>
              <th>parameter</th>
              <th>in</th>
              <th>required</th>
              <th>schema</th>
            </tr>
            ${params.map(
              (p) =>
                html`<tr>
                  <td><code>${p.name}</code></td>
                  <td>${p.in}</td>
                  <td>${p.required ? 'yes' : 'no'}</td>
                  <td><code>${JSON.stringify(p.schema)}</code></td>
                </tr>`,
            )}
          </table>`
        : ''
    }
    ${
      body
        ? html`<p>Request body (JSON):</p>
            <pre>${JSON.stringify(body, null, 2)}</pre>`
        : ''
    }
    <ul>
      ${responses}
    </ul>
  </details>`;
}

/** A self-contained page (no scripts, no CDN) listing every operation of the document by tag. */
export function docsPage(doc: OpenApiDocument) {
  const byTag = new Map<string, ReturnType<typeof operationHtml>[]>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods as Record<string, Op>)) {
      const tag = op.tags[0] ?? 'Other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), operationHtml(path, method, op, doc)]);
    }
  }
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${doc.info.title}</title>
        <style>
          ${raw(STYLE)}
        </style>
      </head>
      <body>
        <h1>${doc.info.title}</h1>
        <p>${doc.info.description}</p>
        <p>
          Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI ${doc.openapi}). Errors:
          <code>{ "error": { "code", "message", "details?" } }</code>.
        </p>
        ${[...byTag].map(
          ([tag, ops]) =>
            html`<h2>${tag}</h2>
              ${ops}`,
        )}
      </body>
    </html>`;
}
