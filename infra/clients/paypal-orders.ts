import { decimalStringToCents, formatCents } from '../../domain/money';
import { PaypalRejectedError, type PaypalCall } from './paypal-errors';

export interface PaypalCapture {
  captureId: string;
  status: string;
  amountCents?: number;
  currency?: string;
}

export interface PaypalOrder {
  orderId: string;
  /** CREATED, PAYER_ACTION_REQUIRED, APPROVED, COMPLETED, VOIDED … */
  status: string;
  approvalUrl?: string;
  captures: PaypalCapture[];
}

export interface PaypalOrders {
  /** Orders v2 checkout order (intent CAPTURE); the same `requestId` returns the same order. */
  createOrder(o: {
    requestId: string;
    invoiceId: string;
    amountCents: number;
    currency: string;
    description: string;
    returnUrl: string;
    cancelUrl: string;
  }): Promise<PaypalOrder>;
  getOrder(orderId: string): Promise<PaypalOrder>;
  /** Captures an approved order; the same `requestId` returns the first capture instead of a second. */
  captureOrder(orderId: string, requestId: string): Promise<PaypalOrder>;
  /** Refunds part or all of a capture; the same `requestId` returns the same refund. */
  refundCapture(r: {
    captureId: string;
    amountCents: number;
    currency: string;
    requestId: string;
    note: string;
  }): Promise<{ refundId: string; status: string }>;
}

type Json = Record<string, unknown>;

function rejected(what: string, status: number, body: Json): PaypalRejectedError {
  const details = Array.isArray(body.details) ? (body.details as Json[]) : [];
  const issue = typeof details[0]?.issue === 'string' ? details[0].issue : undefined;
  const name = typeof body.name === 'string' ? body.name : 'UNKNOWN';
  return new PaypalRejectedError(`PayPal refused to ${what}: ${name}${issue ? ` (${issue})` : ''}`, status, issue);
}

function order(body: Json): PaypalOrder {
  const links = (body.links as { rel: string; href: string }[] | undefined) ?? [];
  const units = (body.purchase_units as Json[] | undefined) ?? [];
  const captures = units.flatMap((u) => ((u.payments as Json | undefined)?.captures as Json[] | undefined) ?? []);
  return {
    orderId: String(body.id),
    status: String(body.status),
    approvalUrl: links.find((l) => l.rel === 'approve' || l.rel === 'payer-action')?.href,
    captures: captures.map((c) => {
      const amount = c.amount as { value?: string; currency_code?: string } | undefined;
      return {
        captureId: String(c.id),
        status: String(c.status),
        amountCents: amount?.value ? decimalStringToCents(amount.value) : undefined,
        currency: amount?.currency_code?.toLowerCase(),
      };
    }),
  };
}

/** Orders v2 and capture refunds over an authorised call (paypal-client.ts). */
export function createPaypalOrders(call: PaypalCall): PaypalOrders {
  return {
    async createOrder(o) {
      const res = await call(
        'POST',
        '/v2/checkout/orders',
        {
          intent: 'CAPTURE',
          purchase_units: [
            {
              reference_id: o.invoiceId,
              custom_id: o.invoiceId,
              invoice_id: o.invoiceId,
              description: o.description.slice(0, 127),
              amount: { currency_code: o.currency.toUpperCase(), value: formatCents(o.amountCents) },
            },
          ],
          payment_source: {
            paypal: {
              experience_context: { return_url: o.returnUrl, cancel_url: o.cancelUrl, user_action: 'PAY_NOW' },
            },
          },
        },
        o.requestId,
      );
      if (res.status >= 400) throw rejected('create the order', res.status, res.body);
      const made = order(res.body);
      if (!made.approvalUrl) throw new PaypalRejectedError('PayPal returned an order without an approval link', 502);
      return made;
    },
    async getOrder(orderId) {
      const res = await call('GET', `/v2/checkout/orders/${encodeURIComponent(orderId)}`);
      if (res.status >= 400) throw rejected('show the order', res.status, res.body);
      return order(res.body);
    },
    async captureOrder(orderId, requestId) {
      const res = await call('POST', `/v2/checkout/orders/${encodeURIComponent(orderId)}/capture`, {}, requestId);
      if (res.status >= 400) throw rejected('capture the order', res.status, res.body);
      return order(res.body);
    },
    async refundCapture(r) {
      const res = await call(
        'POST',
        `/v2/payments/captures/${encodeURIComponent(r.captureId)}/refund`,
        {
          amount: { currency_code: r.currency.toUpperCase(), value: formatCents(r.amountCents) },
          note_to_payer: r.note.slice(0, 255),
        },
        r.requestId,
      );
      if (res.status >= 400) throw rejected('refund the capture', res.status, res.body);
      return {
        refundId: String(res.body.id),
        status: typeof res.body.status === 'string' ? res.body.status : 'PENDING',
      };
    },
  };
}
