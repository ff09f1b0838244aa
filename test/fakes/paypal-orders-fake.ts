/** Orders v2 and capture refunds of the PayPal fake, kept apart from its OAuth and webhook parts. */
export interface FakeOrder {
  id: string;
  status: 'PAYER_ACTION_REQUIRED' | 'APPROVED' | 'COMPLETED';
  customId: string;
  amount: { currency_code: string; value: string };
  returnUrl: string;
  capture?: { id: string; refunded: number };
}

export interface OrdersState {
  orders: Map<string, FakeOrder>;
  /** PayPal-Request-Id → the answer first given: a repeated request gets it again, nothing new happens. */
  byRequestId: Map<string, { status: number; body: unknown }>;
  refunds: { id: string; captureId: string; cents: number }[];
  calls: { method: string; path: string; requestId?: string; body: Record<string, unknown> }[];
  seq: number;
}

const cents = (v: string) => Math.round(Number(v) * 100);

function view(o: FakeOrder) {
  return {
    id: o.id,
    status: o.status,
    links: [
      { rel: 'self', href: `/v2/checkout/orders/${o.id}`, method: 'GET' },
      ...(o.status === 'COMPLETED'
        ? []
        : [{ rel: 'payer-action', href: `https://www.sandbox.paypal.com/checkoutnow?token=${o.id}`, method: 'GET' }]),
    ],
    purchase_units: [
      {
        custom_id: o.customId,
        amount: o.amount,
        ...(o.capture && {
          payments: {
            captures: [{ id: o.capture.id, status: 'COMPLETED', amount: o.amount, custom_id: o.customId }],
          },
        }),
      },
    ],
  };
}

const error = (status: number, name: string, issue: string) => ({ status, body: { name, details: [{ issue }] } });

export function handleOrders(
  s: OrdersState,
  req: { method: string; path: string; requestId?: string; body: Record<string, unknown> },
): { status: number; body: unknown } | undefined {
  const { method, path, requestId, body } = req;
  if (!path.startsWith('/v2/')) return undefined;
  s.calls.push(req);
  const key = requestId && `${method} ${path} ${requestId}`;
  if (key && s.byRequestId.has(key)) return s.byRequestId.get(key);
  const answer = route();
  if (key && answer && answer.status < 500) s.byRequestId.set(key, answer);
  return answer;

  function route(): { status: number; body: unknown } | undefined {
    if (method === 'POST' && path === '/v2/checkout/orders') {
      const unit = (body.purchase_units as { custom_id: string; amount: FakeOrder['amount'] }[])[0]!;
      const ctx = (body.payment_source as { paypal: { experience_context: { return_url: string } } }).paypal;
      const o: FakeOrder = {
        id: `ORDER-${++s.seq}`,
        status: 'PAYER_ACTION_REQUIRED',
        customId: unit.custom_id,
        amount: unit.amount,
        returnUrl: ctx.experience_context.return_url,
      };
      s.orders.set(o.id, o);
      return { status: 200, body: view(o) };
    }
    const order = /^\/v2\/checkout\/orders\/([^/]+)(\/capture)?$/.exec(path);
    if (order) {
      const o = s.orders.get(decodeURIComponent(order[1]!));
      if (!o) return error(404, 'RESOURCE_NOT_FOUND', 'INVALID_RESOURCE_ID');
      if (method === 'GET' && !order[2]) return { status: 200, body: view(o) };
      if (method !== 'POST' || !order[2]) return undefined;
      if (o.status === 'COMPLETED') return error(422, 'UNPROCESSABLE_ENTITY', 'ORDER_ALREADY_CAPTURED');
      if (o.status !== 'APPROVED') return error(422, 'UNPROCESSABLE_ENTITY', 'ORDER_NOT_APPROVED');
      o.status = 'COMPLETED';
      o.capture = { id: `CAPTURE-${++s.seq}`, refunded: 0 };
      return { status: 201, body: view(o) };
    }
    const refund = /^\/v2\/payments\/captures\/([^/]+)\/refund$/.exec(method === 'POST' ? path : '');
    if (refund) {
      const o = [...s.orders.values()].find((x) => x.capture?.id === decodeURIComponent(refund[1]!));
      if (!o?.capture) return error(404, 'RESOURCE_NOT_FOUND', 'INVALID_RESOURCE_ID');
      const amount = body.amount as { value: string; currency_code: string } | undefined;
      const want = amount ? cents(amount.value) : cents(o.amount.value) - o.capture.refunded;
      if (amount && amount.currency_code !== o.amount.currency_code)
        return error(422, 'UNPROCESSABLE_ENTITY', 'CURRENCY_MISMATCH');
      if (want <= 0 || o.capture.refunded + want > cents(o.amount.value))
        return error(422, 'UNPROCESSABLE_ENTITY', 'REFUND_AMOUNT_EXCEEDED');
      o.capture.refunded += want;
      const id = `REFUND-${++s.seq}`;
      s.refunds.push({ id, captureId: o.capture.id, cents: want });
      return { status: 201, body: { id, status: 'COMPLETED', amount: amount ?? o.amount } };
    }
    return undefined;
  }
}
