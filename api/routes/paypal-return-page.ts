import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import type { HtmlEscapedString } from 'hono/utils/html';
import { captureIfApproved, capturedPayment } from '../../infra/payments/paypal-checkout';
import type { RouteContext } from '../app-deps';
import { onlyMethods } from '../method-guard';

type Page = (title: string, message: string) => HtmlEscapedString | Promise<HtmlEscapedString>;

/**
 * Where PayPal sends the buyer after approving (`?invoice=<id>&token=<order id>`): the approved order
 * is captured here (PayPal-Request-Id from the invoice id, so a reload never captures twice). The
 * invoice is paid by the PAYMENT.CAPTURE.COMPLETED webhook, never by this redirect.
 */
export function paypalReturnPage(ctx: RouteContext, page: Page): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const p = ctx.payments;
  app.get('/paypal/return', async (c) => {
    const invoiceId = c.req.query('invoice') ?? '';
    const token = c.req.query('token') ?? '';
    const inv = invoiceId.length <= 100 ? await p.invoices.get(invoiceId) : undefined;
    if (!p.paypal || !inv || inv.provider !== 'paypal' || !inv.paypalOrderId || inv.paypalOrderId !== token) {
      return c.html(
        page('Payment not found', 'This payment link is not valid. Use the link from your invoice email.'),
        400,
      );
    }
    try {
      const order = await captureIfApproved(p.paypal, inv.id, inv.paypalOrderId);
      if (capturedPayment(order))
        return c.html(
          page('Thank you', 'Your payment was received. A receipt with your invoice is on its way by email.'),
        );
      return c.html(
        page('Payment not completed', 'PayPal has not confirmed your approval yet. Use the payment link again.'),
        409,
      );
    } catch (err) {
      p.logger.warn({ invoiceId: inv.id, error: (err as Error).name }, 'PayPal capture on return failed');
      return c.html(
        page('Payment pending', 'We could not complete the payment with PayPal just now. Reload this page shortly.'),
        503,
      );
    }
  });
  onlyMethods(app, '/paypal/return', ['GET']);
  return app;
}
