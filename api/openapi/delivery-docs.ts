import { deliveryClientParam, signedUrlQuery } from '../routes/delivery-routes';
import { unsubscribeBody, unsubscribeListQuery } from '../routes/unsubscribe-routes';
import type { RouteDoc } from './route-doc';

const refused = 'The link is malformed, altered, expired or revoked (an HTML page saying which)';

/** Delivery links, the client page, unsubscribe, and PayPal's return page. */
export const deliveryDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/customer/signed-url/:clientId',
    tag: 'Delivery',
    auth: 'dashKey',
    params: deliveryClientParam,
    query: signedUrlQuery,
    summary: "A signed link to the client's page of results and invoices",
    description:
      "HMAC-SHA256 (SESSION_SECRET, key id in the link) over method, path, client, scope (`all` or one `taskId`), expiry and the client's link generation. `ttlHours` ≤ 24 (default 24).",
    responses: {
      200: '`{ url, expiresAt, clientId, scope }`',
      404: 'No such client',
      503: 'SESSION_SECRET unset',
    },
  },
  {
    method: 'post',
    path: '/api/customer/revoke-links/:clientId',
    tag: 'Delivery',
    auth: 'dashKey',
    params: deliveryClientParam,
    summary: 'Revoke every delivery link issued so far for this client',
    responses: { 200: '`{ clientId, generation, revokedAt }`', 404: 'No such client' },
  },
  {
    method: 'get',
    path: '/delivery/:clientId',
    tag: 'Delivery',
    auth: 'public',
    html: true,
    summary: "The client's page (signed link): finished results and invoices with pay links",
    responses: { 200: 'HTML page (CSP, no script, no other origin)', 403: refused, 404: 'No such client' },
  },
  {
    method: 'get',
    path: '/delivery/:clientId/results/:file',
    tag: 'Delivery',
    auth: 'public',
    html: true,
    summary: 'One finished result as `<taskId>.md` (Markdown) or `<taskId>.pdf` (signed link from the page)',
    responses: { 200: 'text/markdown or application/pdf attachment', 403: refused, 404: 'Not a result of this link' },
  },
  {
    method: 'post',
    path: '/api/customer/unsubscribe',
    tag: 'Delivery',
    auth: 'public',
    body: unsubscribeBody,
    summary: 'Unsubscribe an address from optional mail (reminders, reports, done notices)',
    description:
      'Always the same 200 whether or not the address is known. Limited to 10 requests per IP per 10 minutes (429 with Retry-After beyond).',
    responses: { 200: '`{ status: "ok", message }`', 429: 'Too many unsubscribe requests from this address' },
  },
  {
    method: 'get',
    path: '/api/customer/unsubscribe/one-click',
    tag: 'Delivery',
    auth: 'public',
    html: true,
    summary: 'The List-Unsubscribe URL opened in a browser: a button that POSTs to it (a GET changes nothing)',
    responses: { 200: 'HTML page', 403: 'The token `t` is not valid' },
  },
  {
    method: 'post',
    path: '/api/customer/unsubscribe/one-click',
    tag: 'Delivery',
    auth: 'public',
    html: true,
    summary: 'RFC 8058 one-click unsubscribe (`t` = per-recipient signed token; body `List-Unsubscribe=One-Click`)',
    responses: { 200: 'HTML page: unsubscribed', 403: 'The token `t` is not valid', 429: 'Too many requests' },
  },
  {
    method: 'get',
    path: '/api/customer/unsubscribes',
    tag: 'Delivery',
    auth: 'dashKey',
    query: unsubscribeListQuery,
    summary: 'Every unsubscribe with time and source (`api`, `one-click`), newest first',
    responses: { 200: '`{ items: [{ id, email, source, unsubscribedAt }], nextCursor }`' },
  },
  {
    method: 'get',
    path: '/payments/paypal/return',
    tag: 'Payments',
    auth: 'public',
    html: true,
    summary: "PayPal's return page: captures the approved order once (the webhook then pays the invoice)",
    responses: {
      200: 'HTML page: captured',
      400: "Unknown invoice, or the order is not that invoice's",
      409: 'Not approved yet',
      503: 'PayPal unreachable; reload',
    },
  },
];
