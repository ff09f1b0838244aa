import type http from 'node:http';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Resolves when the client goes away before the reply was sent (an aborted call). */
  aborted: Promise<void>;
  isAborted(): boolean;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface HttpFake {
  url: string;
  close: () => Promise<void>;
}

/** A tiny JSON HTTP server on 127.0.0.1 (random port) for fakes of third-party APIs. */
export async function startHttpFake(
  handle: (req: FakeRequest) => FakeResponse | undefined | Promise<FakeResponse | undefined>,
): Promise<HttpFake> {
  const local = await listenLocal((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let abortedFlag = false;
      let onAbort!: () => void;
      const aborted = new Promise<void>((r) => (onAbort = r));
      res.on('close', () => {
        if (!res.writableFinished) {
          abortedFlag = true;
          onAbort();
        }
      });
      const url = new URL(req.url ?? '/', 'http://fake');
      Promise.resolve()
        .then(() =>
          handle({
            method: req.method ?? 'GET',
            path: url.pathname,
            query: url.searchParams,
            headers: req.headers,
            body: Buffer.concat(chunks),
            aborted,
            isAborted: () => abortedFlag,
          }),
        )
        .then((out) => {
          if (abortedFlag || !out) return;
          res.writeHead(out.status, { 'content-type': 'application/json', ...out.headers });
          res.end(out.body === undefined ? '' : JSON.stringify(out.body));
        })
        .catch((err: unknown) => {
          if (abortedFlag) return;
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { message: (err as Error).message } }));
        });
    });
  });
  return { url: local.url, close: local.close };
}

/** Starts an HTTP server on a free local port; `close` ends it. */
export async function listenLocal(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
