import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Stripe from 'stripe';

export interface RecordedStripeCall {
  method: string;
  path: string;
  idempotencyKey?: string;
  params: URLSearchParams;
}

/**
 * A thin front for stripe-mock. stripe-mock answers every call statelessly from fixtures, which is
 * right for customers, sessions and refunds, but it cannot list "the events that happened": this
 * front serves `GET /v1/events` from events the test adds, proxies every other call to stripe-mock
 * unchanged, and records each call so tests can count refunds and check idempotency keys.
 */
export interface StripeFront {
  url: string;
  calls: RecordedStripeCall[];
  /** Events the account "has"; listed newest first, as Stripe does. */
  events: Stripe.Event[];
  callsTo(method: string, pathPrefix: string): RecordedStripeCall[];
  /** An outage: every call is answered with this 5xx (Stripe's error shape) until called with undefined. */
  failWith(status: number | undefined): void;
  /** The next call to `method pathPrefix…` is answered with this error instead of stripe-mock's fixture. */
  failNext(
    method: string,
    pathPrefix: string,
    status: number,
    error: { type: string; code?: string; message: string },
  ): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function listEvents(all: Stripe.Event[], q: URLSearchParams) {
  const types = [...q.entries()].filter(([k]) => k.startsWith('types[')).map(([, v]) => v);
  const gte = q.get('created[gte]');
  const limit = Number(q.get('limit') ?? 10);
  let items = [...all].sort((a, b) => b.created - a.created || b.id.localeCompare(a.id));
  if (types.length) items = items.filter((e) => types.includes(e.type));
  if (gte) items = items.filter((e) => e.created >= Number(gte));
  const after = q.get('starting_after');
  if (after) items = items.slice(items.findIndex((e) => e.id === after) + 1);
  return { object: 'list', url: '/v1/events', has_more: items.length > limit, data: items.slice(0, limit) };
}

export async function startStripeFront(stripeMockUrl: string): Promise<StripeFront> {
  const upstream = new URL(stripeMockUrl);
  const calls: RecordedStripeCall[] = [];
  const events: Stripe.Event[] = [];
  let failing: number | undefined;
  const failures: { method: string; prefix: string; status: number; error: object }[] = [];
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://front');
    const body = await readBody(req);
    const params = new URLSearchParams(req.method === 'GET' ? url.search : body.toString());
    calls.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      idempotencyKey: req.headers['idempotency-key'] as string | undefined,
      params,
    });
    if (failing) {
      res.writeHead(failing, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ error: { type: 'api_error', message: 'Stripe is unavailable (outage)' } }));
    }
    if (req.method === 'GET' && url.pathname === '/v1/events') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(listEvents(events, url.searchParams)));
    }
    const failure = failures.findIndex((f) => f.method === req.method && url.pathname.startsWith(f.prefix));
    if (failure >= 0) {
      const [f] = failures.splice(failure, 1);
      res.writeHead(f!.status, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ error: f!.error }));
    }
    const proxied = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    proxied.on('error', (err) => {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `stripe-mock unreachable: ${err.message}` } }));
    });
    proxied.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    events,
    callsTo: (method, prefix) => calls.filter((c) => c.method === method && c.path.startsWith(prefix)),
    failWith: (status) => void (failing = status),
    failNext: (method, prefix, status, error) => failures.push({ method, prefix, status, error }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
