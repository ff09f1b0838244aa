import http from 'node:http';
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
  close(): Promise<void>;
}

/** A tiny JSON HTTP server on 127.0.0.1 (random port) for fakes of third-party APIs. */
export async function startHttpFake(handle: (req: FakeRequest) => Promise<FakeResponse | undefined>): Promise<HttpFake> {
  const server = http.createServer((req, res) => {
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
      handle({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks), aborted, isAborted: () => abortedFlag })
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
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
