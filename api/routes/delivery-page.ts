import { createHash } from 'node:crypto';
import { html, raw } from 'hono/html';
import type { Context } from 'hono';
import { formatCents } from '../../domain/money';
import type { LinkFailure } from '../../infra/delivery/delivery-links';

/** The page's only style; the CSP allows exactly this text (by hash), no script, no other origin. */
const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:42rem;margin:3rem auto;padding:0 1rem;color:#222}' +
  'h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:2rem}li{margin:.4rem 0}small{color:#666}';
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/** Security headers of every delivery page and download: the URL carries a bearer token. */
export function deliveryHeaders(c: Context): void {
  c.header(
    'Content-Security-Policy',
    `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  );
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cache-Control', 'no-store');
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('X-Robots-Tag', 'noindex, nofollow');
}

/** A bare page for the answers of the mailed public links (DSR confirmation, unsubscribe). */
export const plainPage = (title: string, body: unknown) =>
  html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>${title}</title>
      </head>
      <body>
        <h1>${title}</h1>
        ${body}
      </body>
    </html>`;

const shell = (business: string, title: string, body: unknown) =>
  html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${title} · ${business}</title>
        ${raw(`<style>${STYLE}</style>`)}
      </head>
      <body>
        ${body}
      </body>
    </html>`;

const FAILURE_TEXT: Record<LinkFailure, [string, string]> = {
  malformed: ['Link not valid', 'This link is not a valid delivery link.'],
  tampered: ['Link altered', 'This link has been altered and cannot be used.'],
  expired: ['Link expired', 'This link has expired. Ask us for a new one.'],
  revoked: ['Link revoked', 'This link has been withdrawn. Ask us for a new one.'],
};

/** The 403 page: which of the four it is, nothing more. */
export const refusalPage = (business: string, reason: LinkFailure) => {
  const [title, text] = FAILURE_TEXT[reason];
  return shell(
    business,
    title,
    html`<h1>${title}</h1>
      <p>${text}</p>`,
  );
};

export const notFoundPage = (business: string) =>
  shell(
    business,
    'Not found',
    html`<h1>Not found</h1>
      <p>There is nothing here for this link.</p>`,
  );

export interface PageResult {
  title: string;
  completedAt: Date | null;
  markdownUrl: string;
  pdfUrl: string;
}
export interface PageInvoice {
  id: string;
  status: string;
  amountCents: number;
  currency: string;
  payUrl?: string;
}

export function clientPage(
  business: string,
  p: { clientName: string; expiresAt: Date; results: PageResult[]; invoices: PageInvoice[] },
) {
  const results = p.results.length
    ? html`<ul>
        ${p.results.map(
          (r) =>
            html`<li>
              ${r.title} ${r.completedAt ? html`<small>${r.completedAt.toISOString().slice(0, 10)}</small>` : ''} ·
              <a href="${r.markdownUrl}">Markdown</a> · <a href="${r.pdfUrl}">PDF</a>
            </li>`,
        )}
      </ul>`
    : html`<p>No finished results yet.</p>`;
  const invoices = p.invoices.length
    ? html`<ul>
        ${p.invoices.map(
          (i) =>
            html`<li>
              ${i.id}: ${formatCents(i.amountCents)} ${i.currency.toUpperCase()} · ${i.status}
              ${i.payUrl ? html` · <a href="${i.payUrl}" rel="noreferrer">Pay now</a>` : ''}
            </li>`,
        )}
      </ul>`
    : html`<p>No invoices.</p>`;
  return shell(
    business,
    'Your results',
    html`<h1>${p.clientName}</h1>
      <p><small>This page works until ${p.expiresAt.toISOString().replace('T', ' ').slice(0, 16)} UTC.</small></p>
      <h2>Results</h2>
      ${results}
      <h2>Invoices</h2>
      ${invoices}`,
  );
}
