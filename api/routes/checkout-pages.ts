import { Hono } from 'hono';
import { html } from 'hono/html';
import type { AppEnv } from '../app-env';
import type { RouteContext } from '../app-deps';
import { onlyMethods } from '../method-guard';
import { paypalReturnPage } from './paypal-return-page';

export const page = (business: string, title: string, message: string) =>
  html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · ${business}</title>
      </head>
      <body
        style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem; color: #222"
      >
        <h1 style="font-size: 1.5rem">${title}</h1>
        <p>${message}</p>
      </body>
    </html>`;

/**
 * Where Stripe Checkout sends the customer back (the default CHECKOUT_SUCCESS_URL / _CANCEL_URL).
 * Static on purpose: the payment itself is confirmed by the webhook, never by this redirect.
 */
export function checkoutPages(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const business = ctx.config.payments.businessName;
  app.get('/success', (c) =>
    c.html(
      page(business, 'Thank you', 'Your payment was received. A receipt with your invoice is on its way by email.'),
    ),
  );
  app.get('/cancel', (c) =>
    c.html(
      page(
        business,
        'Payment not completed',
        'The checkout was cancelled and nothing was charged. You can use the payment link again until it expires.',
      ),
    ),
  );
  app.route(
    '/',
    paypalReturnPage(ctx, (title, message) => page(business, title, message)),
  );
  onlyMethods(app, '/success', ['GET']);
  onlyMethods(app, '/cancel', ['GET']);
  return app;
}
