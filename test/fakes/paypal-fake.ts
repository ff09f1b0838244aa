import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleOrders, type FakeOrder, type OrdersState } from './paypal-orders-fake';

/**
 * PayPal's REST API as far as the platform uses it: OAuth client-credentials,
 * verify-webhook-signature, Orders v2 (create, show, capture) and capture refunds, with
 * PayPal-Request-Id idempotency. A transmission signature equal to `validSignature` verifies; any
 * other answers FAILURE, as PayPal does for a forged or altered webhook. `approve` plays the buyer.
 */
export interface PaypalFake {
  url: string;
  verifications: { webhookId: string; transmissionId: string; eventId: string }[];
  /** Every Orders/Payments call: method, path, PayPal-Request-Id and JSON body. */
  calls: { method: string; path: string; requestId?: string; body: Record<string, unknown> }[];
  orders: Map<string, FakeOrder>;
  /** The buyer approves the order at the approval link. */
  approve(orderId: string): void;
  close(): Promise<void>;
}

export async function startPaypalFake(opts: {
  clientId: string;
  clientSecret: string;
  webhookId: string;
  validSignature: string;
}): Promise<PaypalFake> {
  const verifications: PaypalFake['verifications'] = [];
  const state: OrdersState = { orders: new Map(), byRequestId: new Map(), refunds: [], calls: [], seq: 0 };
  const token = 'A21AA-fake-token';
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const body = Buffer.concat(chunks).toString();
      if (req.method === 'POST' && req.url === '/v1/oauth2/token') {
        const basic = `Basic ${Buffer.from(`${opts.clientId}:${opts.clientSecret}`).toString('base64')}`;
        if (req.headers.authorization !== basic || !body.includes('grant_type=client_credentials'))
          return send(401, { error: 'invalid_client' });
        return send(200, { access_token: token, token_type: 'Bearer', expires_in: 32400 });
      }
      if (req.headers.authorization !== `Bearer ${token}`) return send(401, { error: 'invalid_token' });
      if (req.method === 'POST' && req.url === '/v1/notifications/verify-webhook-signature') {
        const v = JSON.parse(body) as {
          webhook_id: string;
          transmission_id: string;
          transmission_sig: string;
          webhook_event: { id: string };
        };
        verifications.push({ webhookId: v.webhook_id, transmissionId: v.transmission_id, eventId: v.webhook_event.id });
        const ok = v.webhook_id === opts.webhookId && v.transmission_sig === opts.validSignature;
        return send(200, { verification_status: ok ? 'SUCCESS' : 'FAILURE' });
      }
      const answer = handleOrders(state, {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        requestId: req.headers['paypal-request-id'] as string | undefined,
        body: body ? (JSON.parse(body) as Record<string, unknown>) : {},
      });
      if (answer) return send(answer.status, answer.body);
      send(404, { name: 'RESOURCE_NOT_FOUND' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    verifications,
    calls: state.calls,
    orders: state.orders,
    approve(orderId) {
      const o = state.orders.get(orderId);
      if (!o) throw new Error(`no order ${orderId}`);
      o.status = 'APPROVED';
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
