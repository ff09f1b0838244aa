import { z } from 'zod';
import { paypalEventSchema } from '../../infra/payments/paypal-event-map';
import { financeQuery } from '../routes/finance-routes';
import { invoiceBody } from '../routes/invoice-routes';
import { refundBody } from '../routes/refund-routes';
import type { RouteDoc } from './route-doc';

/** Stripe's own event shape, checked by its signature rather than by a schema of ours. */
const stripeEvent = z.looseObject({
  id: z.string(),
  type: z.string(),
  data: z.looseObject({ object: z.looseObject({}) }),
});
const notConfigured = 'Stripe is not configured (STRIPE_SECRET_KEY unset)';

export const paymentDocs = (maxAmountCents: number): RouteDoc[] => [
  {
    method: 'post',
    path: '/api/payments/create-invoice',
    tag: 'Payments',
    auth: 'dashKey',
    body: invoiceBody(maxAmountCents),
    summary: 'Create an invoice and its Stripe Checkout link or PayPal approval link',
    description:
      'Either `{ amount, email }` (`amount` in major units, 12.34 or "12.34", at most two decimals), or `{ clientId, taskIds? | from?, to? }`: the amount is computed from the client\'s rates (price per finished task, rate per started media minute) with line items; without taskIds and from/to all of its finished, not yet invoiced tasks. A task is on at most one open or paid invoice (409 `already_invoiced`). The client is emailed the pay link and the invoice PDF. A repeated `idempotencyKey` returns the first invoice. `provider: "paypal"` creates a PayPal order (Orders v2) and answers its approval link as `checkoutUrl`.',
    responses: {
      200: 'The invoice of a repeated idempotencyKey (`duplicate: true`)',
      201: 'The invoice with `checkoutUrl`',
      202: 'Created; the Checkout link is still being made',
      409: 'idempotencyKey conflict, or a task already on an open or paid invoice',
      503: `${notConfigured}, or PayPal not configured for provider paypal`,
    },
  },
  {
    method: 'get',
    path: '/api/payments/invoices/:invoiceId',
    tag: 'Payments',
    auth: 'dashKey',
    summary: 'One invoice with its payment, refunds and refund requests the provider would not create',
    responses: { 200: 'The invoice', 404: 'No such invoice' },
  },
  {
    method: 'post',
    path: '/refund',
    tag: 'Payments',
    auth: 'dashKey',
    body: refundBody,
    summary: 'Refund a payment, in full or in part',
    description:
      'Give exactly one of `paymentId` and `invoiceId`. The same request sent again returns the first refund. When Stripe or PayPal will not create the refund (502), the request is kept as a failed, retryable refund request (listed on the invoice, alerted once); the same request sent again retries it.',
    responses: {
      200: 'A repeated request: the refund made before',
      201: 'Refunded',
      202: 'Accepted; the refund workflow carries on',
      404: 'No such payment or invoice',
      409: 'The invoice is not paid',
      502: 'The provider would not create the refund; kept as a failed refund request',
      503: notConfigured,
    },
  },
  {
    method: 'get',
    path: '/payments/debug',
    tag: 'Payments',
    auth: 'dashKey',
    summary: 'Payment configuration and last reconciliation (no secrets)',
    responses: { 200: 'Mode, webhooks, currency, processed events, last reconciliation' },
  },
  {
    method: 'get',
    path: '/payments/scan',
    tag: 'Payments',
    auth: 'dashKey',
    summary: 'Run the payment reconciliation now (Stripe events, PayPal orders of unpaid invoices)',
    responses: {
      200: 'What the reconciliation scanned and caught, and the paid state written to Notion (`notion`)',
      502: 'The reconciliation failed',
      503: notConfigured,
    },
  },
  {
    method: 'get',
    path: '/payments/success',
    tag: 'Payments',
    auth: 'public',
    html: true,
    summary: 'Checkout success page',
    responses: { 200: 'HTML page' },
  },
  {
    method: 'get',
    path: '/payments/cancel',
    tag: 'Payments',
    auth: 'public',
    html: true,
    summary: 'Checkout cancelled page',
    responses: { 200: 'HTML page' },
  },
  {
    method: 'post',
    path: '/webhook/stripe',
    tag: 'Webhooks',
    auth: 'stripeSignature',
    body: stripeEvent,
    summary: 'Stripe events (checked by Stripe-Signature)',
    responses: {
      200: '`{ received, eventId, type, status }`',
      503: 'STRIPE_WEBHOOK_SECRET unset, or the event cannot be handled yet: Stripe delivers it again',
    },
  },
  {
    method: 'post',
    path: '/webhook/paypal',
    tag: 'Webhooks',
    auth: 'paypalSignature',
    body: paypalEventSchema,
    summary: 'PayPal events (verified with PayPal)',
    responses: {
      200: '`{ received, eventId, type, status }`',
      503: 'PayPal not configured or unreachable: PayPal delivers it again',
    },
  },
  {
    method: 'get',
    path: '/api/finance-metrics',
    tag: 'Payments',
    auth: 'dashKey',
    query: financeQuery,
    summary: 'Revenue, refunds, LLM cost and margin per day and per client',
    description:
      "Default range: the last 30 days; at most 366 days. LLM cost includes the platform's own calls (CEO brief, pricing AI, ops brain): in its day, and in `clients` under `(platform)`.",
    responses: { 200: '`{ from, to, currency, totals, days, clients }`' },
  },
];
